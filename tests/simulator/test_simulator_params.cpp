#include <gtest/gtest.h>

#include "device/simulator/simulator_params.hpp"
#include "model/error.hpp"

namespace isokin::device::sim {
namespace {

std::string error_of(const std::map<std::string, std::string>& values) {
  try {
    parse_simulator_params(values, "SRC");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SimulatorParams_Empty, GivesDocumentedDefaults) {
  const SimulatorParams p = parse_simulator_params({}, "SRC");
  EXPECT_EQ(p.seed, 1u);
  EXPECT_EQ(p.rate_hz, 1000);
  EXPECT_EQ(p.speed, 1);
  EXPECT_EQ(p.body_mass_kg, 75);
  EXPECT_EQ(p.hq, 0.6);
  EXPECT_EQ(p.quad_peak_nm_per_kg, 3.0);
  EXPECT_EQ(p.quad_angle_deg, 65);
  EXPECT_EQ(p.ham_angle_deg, 30);
}

TEST(SimulatorParams_Values, Parsed) {
  const SimulatorParams p = parse_simulator_params(
      {{"hq", "0.55"}, {"ham_fatigue", "0.02"}, {"seed", "7"}, {"rate", "2000"}, {"speed", "0"}, {"mass", "82.5"},
       {"noise", "1e-1"}, {"deficit_right", "0.1"}, {"con_ecc_muscle", "hamstrings"}},
      "SRC");
  EXPECT_EQ(p.hq, 0.55);
  EXPECT_EQ(p.ham_fatigue, 0.02);
  EXPECT_EQ(p.seed, 7u);
  EXPECT_EQ(p.rate_hz, 2000);
  EXPECT_EQ(p.speed, 0);
  EXPECT_EQ(p.body_mass_kg, 82.5);
  EXPECT_EQ(p.noise_nm, 0.1);
  EXPECT_EQ(p.deficit_right, 0.1);
  EXPECT_EQ(p.deficit_left, 0);
  EXPECT_EQ(p.con_ecc_muscle, Muscle::hamstrings);
}

TEST(SimulatorParams_InjuredAndDeficit, SetThatSide) {
  const SimulatorParams p = parse_simulator_params({{"injured", "left"}, {"deficit", "0.2"}}, "SRC");
  EXPECT_EQ(p.deficit_left, 0.2);
  EXPECT_EQ(p.deficit_right, 0);
  EXPECT_EQ(error_of({{"injured", "left"}}), "SRC: deficit: missing ('injured' and 'deficit' go together: injured=left&deficit=0.2)");
  EXPECT_EQ(error_of({{"injured", "middle"}, {"deficit", "0.2"}}), "SRC: injured: must be 'left' or 'right' (got 'middle')");
  EXPECT_EQ(error_of({{"injured", "left"}, {"deficit", "0.2"}, {"deficit_left", "0.1"}}),
            "SRC: deficit: given twice, also as deficit_left");
}

TEST(SimulatorParams_UnknownKey, ErrorNamesKey) {
  const std::string e = error_of({{"hqq", "0.5"}});
  EXPECT_EQ(e.rfind("SRC: hqq: unknown simulator parameter (known: seed, rate, speed,", 0), 0u) << e;
}

TEST(SimulatorParams_BadValue, ErrorNamesKeyAndValue) {
  EXPECT_EQ(error_of({{"hq", "abc"}}), "SRC: hq: must be a number between 0.1 and 2 (got 'abc')");
  EXPECT_EQ(error_of({{"hq", "5"}}), "SRC: hq: must be a number between 0.1 and 2 (got 5)");
  EXPECT_EQ(error_of({{"rate", "1000Hz"}}), "SRC: rate: must be a number between 10 and 20000 (got '1000Hz')");
  EXPECT_EQ(error_of({{"speed", "-1"}}), "SRC: speed: must be a number between 0 and 1000 (got -1)");
  EXPECT_EQ(error_of({{"seed", "-3"}}),
            "SRC: seed: must be a whole number between 0 and 18446744073709551615 (got '-3')");
  EXPECT_EQ(error_of({{"con_ecc_muscle", "biceps"}}),
            "SRC: con_ecc_muscle: must be 'quadriceps' or 'hamstrings' (got 'biceps')");
  EXPECT_EQ(error_of({{"noise", "nan"}}), "SRC: noise: must be a number between 0 and 50 (got 'nan')");
  EXPECT_EQ(error_of({{"rom_min", "50"}, {"rom_max", "52"}}),
            "SRC: rom_max: rom_max must be at least 5 degrees above rom_min (got 50 and 52)");
  EXPECT_EQ(error_of({{"rom_min", "95"}}), "SRC: rom_min: rom_max must be at least 5 degrees above rom_min (got 95 and 90)");
}

TEST(SimUriQuery, SplitsKeyValues) {
  const auto q = parse_sim_uri_query("sim://?hq=0.55&ham_fatigue=0.02&seed=7");
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.at("hq"), "0.55");
  EXPECT_EQ(q.at("seed"), "7");
  EXPECT_TRUE(parse_sim_uri_query("sim://").empty());
  EXPECT_TRUE(parse_sim_uri_query("sim://?").empty());
}

TEST(SimUriQuery, MalformedRefused) {
  EXPECT_THROW(parse_sim_uri_query("serial:///dev/ttyUSB0"), InputError);
  EXPECT_THROW(parse_sim_uri_query("sim://host?hq=1"), InputError);
  EXPECT_THROW(parse_sim_uri_query("sim://?hq"), InputError);
  try {
    parse_sim_uri_query("sim://?hq=1&hq=2");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "sim://?hq=1&hq=2: hq: given twice");
  }
}

}  // namespace
}  // namespace isokin::device::sim
