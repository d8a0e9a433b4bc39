#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "device/simulator/athlete_model.hpp"
#include "device/simulator/simulated_device.hpp"
#include "device/simulator/simulator_params.hpp"
#include "model/error.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

StartRequest con_con(double v, int reps) {
  StartRequest r;
  r.mode = TestMode::con_con;
  r.velocity_ext_deg_s = r.velocity_flex_deg_s = v;
  r.reps = reps;
  return r;
}

// Reads until the device says finished; returns every sample.
std::vector<DeviceSample> read_all(Device& d) {
  std::vector<DeviceSample> out;
  for (int i = 0; i < 100000; ++i)
    if (d.read(out, 100ms).status == ReadStatus::finished) return out;
  ADD_FAILURE() << "never finished";
  return out;
}

TEST(SimulatedDevice_Uri, UnknownKeyNamed) {
  try {
    make_simulated_device("sim://?hq=0.5&colour=red", {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("colour: unknown simulator parameter"), std::string::npos) << e.what();
  }
}

TEST(SimulatedDevice_Uri, BadValueNamed) {
  try {
    make_simulated_device("sim://?ham_fatigue=lots", {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "sim://?ham_fatigue=lots: ham_fatigue: must be a number between 0 and 0.5 (got 'lots')");
  }
  try {
    make_simulated_device("sim://", {{"hq", "9"}});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "simulator defaults: hq: must be a number between 0.1 and 2 (got 9)");
  }
}

TEST(SimulatedDevice_Open, SaysWhatItIs) {
  auto d = make_simulated_device("sim://?seed=7&rate=500", {});
  const DeviceHello h = d->open();
  EXPECT_EQ(h.model, "isokin-sim");
  EXPECT_EQ(h.rate_hz, 500);
  EXPECT_FALSE(h.serial.empty());
  EXPECT_FALSE(h.firmware.empty());
  EXPECT_EQ(make_simulated_device("sim://?seed=7", {})->open().serial, h.serial);
  EXPECT_NE(make_simulated_device("sim://?seed=8", {})->open().serial, h.serial);
  EXPECT_EQ(d->uri(), "sim://?seed=7&rate=500");
}

TEST(SimulatedDevice_FastRun, FinishesAfterRepsWithEvenlySpacedSamples) {
  auto d = make_simulated_device("sim://?speed=0&rate=1000", {});
  d->open();
  d->start(con_con(120, 2));
  const auto samples = read_all(*d);
  // Two reps of 2 x 80 deg at 120 deg/s: more than 2.6 s, less than 4 s with ramps and pauses.
  EXPECT_GT(samples.size(), 2600u);
  EXPECT_LT(samples.size(), 4000u);
  for (std::size_t i = 1; i < samples.size(); ++i) ASSERT_EQ(samples[i].t_us - samples[i - 1].t_us, 1000u) << i;
  EXPECT_EQ(d->counts().samples, samples.size());
  // The device clock runs on into the next trial.
  d->start(con_con(120, 1));
  std::vector<DeviceSample> next;
  while (next.empty()) d->read(next, 100ms);
  EXPECT_EQ(next.front().t_us, samples.back().t_us + 1000);
}

TEST(SimulatedDevice_Rate, SetsSampleSpacing) {
  auto d = make_simulated_device("sim://?speed=0&rate=250", {});
  d->open();
  d->start(con_con(120, 1));
  const auto samples = read_all(*d);
  ASSERT_GT(samples.size(), 100u);
  for (std::size_t i = 1; i < samples.size(); ++i) ASSERT_EQ(samples[i].t_us - samples[i - 1].t_us, 4000u) << i;
}

TEST(SimulatedDevice_SameUri, IdenticalSamples) {
  auto run = [] {
    auto d = make_simulated_device("sim://?speed=0&seed=42", {{"hq", "0.5"}});
    d->open();
    d->start(con_con(180, 2));
    return read_all(*d);
  };
  const auto a = run();
  const auto b = run();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].t_us, b[i].t_us);
    ASSERT_EQ(a[i].torque_nm, b[i].torque_nm);
    ASSERT_EQ(a[i].angle_deg, b[i].angle_deg);
    ASSERT_EQ(a[i].velocity_deg_s, b[i].velocity_deg_s);
  }
}

TEST(SimulatedDevice_Samples, AreTheModelsForTheTrialSeed) {
  // What isokin-devsim sends for the same seed: the model's samples, trial by trial.
  auto d = make_simulated_device("sim://?speed=0&seed=9", {});
  d->open();
  const sim::SimulatorParams p = sim::parse_simulator_params({{"seed", "9"}, {"speed", "0"}}, "test");
  for (std::uint64_t trial = 0; trial < 2; ++trial) {
    d->start(con_con(240, 1));
    const auto samples = read_all(*d);
    sim::AthleteModel model(p, con_con(240, 1), sim::trial_seed(9, trial));
    ASSERT_EQ(samples.size(), model.total_samples());
    for (const auto& s : samples) {
      const sim::ModelSample m = model.next();
      ASSERT_EQ(s.torque_nm, static_cast<float>(m.torque_nm));
      ASSERT_EQ(s.angle_deg, static_cast<float>(m.angle_deg));
      ASSERT_EQ(s.velocity_deg_s, static_cast<float>(m.velocity_deg_s));
    }
  }
}

TEST(SimulatedDevice_UriOverridesDefaults, KeyByKey) {
  // hq from the URI, mass from the defaults: stronger athlete, weaker hamstrings.
  auto strong = make_simulated_device("sim://?speed=0&hq=0.4", {{"mass", "100"}, {"hq", "0.8"}, {"noise", "0"}});
  auto base = make_simulated_device("sim://?speed=0&hq=0.8&noise=0", {});
  auto peak = [](Device& d, bool extension) {
    d.open();
    d.start(con_con(60, 1));
    double best = 0;
    for (const auto& s : read_all(d)) best = std::max(best, static_cast<double>(extension ? s.torque_nm : -s.torque_nm));
    return best;
  };
  EXPECT_GT(peak(*strong, true), peak(*base, true) * 1.2);
  EXPECT_LT(peak(*strong, false), peak(*base, false));
}

// Pacing: loose bounds, this is not a benchmark (see docs/simulator.md).
TEST(SimulatedDevice_Pacing, SpeedTenRunsOneDeviceSecondInAboutATenth) {
  auto d = make_simulated_device("sim://?speed=10&rate=1000", {});
  d->open();
  d->start(con_con(60, 0));
  std::vector<DeviceSample> out;
  const auto t0 = Clock::now();
  while (out.empty() || out.back().t_us < 1'000'000) d->read(out, 20ms);
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_GT(wall, 0.05);
  EXPECT_LT(wall, 0.5);
  d->stop();
}

TEST(SimulatedDevice_Pacing, SpeedOneNotFasterThanRealTime) {
  auto d = make_simulated_device("sim://?rate=1000", {});
  d->open();
  d->start(con_con(60, 0));
  std::vector<DeviceSample> out;
  const auto t0 = Clock::now();
  while (out.empty() || out.back().t_us < 300'000) d->read(out, 20ms);
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_GE(wall, 0.3 - 0.002);  // sample i is never handed out before start + i ms
  EXPECT_LT(wall, 1.5);
}

TEST(SimulatedDevice_Unlimited, RunsUntilStop) {
  auto d = make_simulated_device("sim://?speed=0", {});
  d->open();
  d->start(con_con(300, 0));
  std::vector<DeviceSample> out;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(d->read(out, 10ms).status, ReadStatus::samples);
  EXPECT_GE(out.size(), 10u * 8192u);
  d->stop();
  const std::size_t before = out.size();
  d->read(out, 1ms);
  EXPECT_EQ(out.size(), before);
}

TEST(SimulatedDevice_WeighLimb, ReturnsLimbTorqueAtReferenceAngle) {
  auto d = make_simulated_device("sim://?limb=14&weigh_angle=0&noise=0.5", {});
  d->open();
  const auto g = d->weigh_limb();
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->angle_deg, 0);
  EXPECT_NEAR(g->torque_nm, 14, 0.1);
}

TEST(SimulatedDevice_Start, ImpossibleRequestRefused) {
  auto d = make_simulated_device("sim://", {});
  d->open();
  EXPECT_THROW(d->start(con_con(700, 1)), DeviceError);
}

}  // namespace
}  // namespace isokin::device
