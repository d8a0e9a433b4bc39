// Every protocol file in samples/protocols/ parses, says what it is for, and runs on
// the simulator with its own [simulator] table.
#include <gtest/gtest.h>

#include <filesystem>

#include "device/simulator/simulated_device.hpp"
#include "session_protocol/test_protocol.hpp"

namespace isokin {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> shipped() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(ISOKIN_PROTOCOLS_DIR))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ShippedProtocols_All, ParseAndRunOnSimulator) {
  const auto files = shipped();
  ASSERT_GE(files.size(), 3u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    const TestProtocol p = load_test_protocol(f);
    EXPECT_EQ(p.name, f.stem().string());
    EXPECT_FALSE(p.description.empty());
    EXPECT_FALSE(p.simulator.empty());
    ASSERT_FALSE(p.trials.empty());
    // Each trial's START is accepted by a simulator set up from the file.
    auto device = device::make_simulated_device("sim://?speed=0", p.simulator);
    device->open();
    for (const auto& t : p.trials) {
      EXPECT_NO_THROW(device->start(to_start_request(t)));
      device->stop();
    }
  }
}

TEST(ShippedProtocols_HqScreen, BothSidesConcentric60And240EccentricHamstrings30) {
  const TestProtocol p = load_test_protocol(fs::path(ISOKIN_PROTOCOLS_DIR) / "hq-screen.toml");
  ASSERT_EQ(p.trials.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(p.trials[i].side, i < 3 ? Side::left : Side::right);
  const ProtocolTrial& con60 = p.trials[0];
  const ProtocolTrial& con240 = p.trials[1];
  const ProtocolTrial& ecc30 = p.trials[2];
  EXPECT_EQ(con60.mode, TestMode::con_con);
  EXPECT_EQ(con60.velocity_ext_deg_s, 60);
  EXPECT_EQ(con240.mode, TestMode::con_con);
  EXPECT_EQ(con240.velocity_flex_deg_s, 240);
  // Eccentric hamstrings happen in extension: ecc-ecc's extension velocity is 30.
  EXPECT_EQ(ecc30.mode, TestMode::ecc_ecc);
  EXPECT_EQ(ecc30.velocity_ext_deg_s, 30);
  EXPECT_EQ(default_trial_id(0, con60), "01-left-con-con-60");
  EXPECT_EQ(default_trial_id(5, p.trials[5]), "06-right-ecc-ecc-30");
}

TEST(ShippedProtocols_Fatigue, ThirtyRepsAt180) {
  const TestProtocol p = load_test_protocol(fs::path(ISOKIN_PROTOCOLS_DIR) / "fatigue-180.toml");
  ASSERT_FALSE(p.trials.empty());
  for (const auto& t : p.trials) {
    EXPECT_EQ(t.reps, 30);
    EXPECT_EQ(t.velocity_ext_deg_s, 180);
    EXPECT_EQ(t.mode, TestMode::con_con);
  }
  EXPECT_EQ(p.simulator.at("ham_fatigue"), "0.02");
}

TEST(ShippedProtocols_AclRehab, InjuredSideGetsDeficit) {
  const TestProtocol p = load_test_protocol(fs::path(ISOKIN_PROTOCOLS_DIR) / "acl-rehab.toml");
  ASSERT_TRUE(p.injured_side.has_value());
  EXPECT_EQ(*p.injured_side, Side::right);
  EXPECT_EQ(p.simulator.at("injured"), "right");
  EXPECT_EQ(p.trials.front().side, Side::left);  // uninjured side first
  EXPECT_EQ(p.trials.back().side, Side::right);
}

}  // namespace
}  // namespace isokin
