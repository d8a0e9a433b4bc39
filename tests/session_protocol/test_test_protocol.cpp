#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "model/error.hpp"
#include "session_protocol/test_protocol.hpp"

namespace isokin {
namespace {

// A valid one-trial protocol with `extra` lines added to the trial table.
std::string one_trial(const std::string& extra) {
  return "name = \"t\"\n"
         "[[trials]]\n"
         "side = \"left\"\n"
         "mode = \"con-con\"\n"
         "reps = 3\n" +
         extra;
}

std::string error_of(const std::string& text, const std::string& file = "p.toml") {
  try {
    parse_test_protocol(text, file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TestProtocol_Minimal, Parsed) {
  const TestProtocol p = parse_test_protocol(one_trial("velocity_deg_s = 60\n"), "p.toml");
  EXPECT_EQ(p.name, "t");
  ASSERT_EQ(p.trials.size(), 1u);
  const ProtocolTrial& t = p.trials[0];
  EXPECT_EQ(t.side, Side::left);
  EXPECT_EQ(t.mode, TestMode::con_con);
  EXPECT_EQ(t.velocity_ext_deg_s, 60);
  EXPECT_EQ(t.velocity_flex_deg_s, 60);
  EXPECT_EQ(t.reps, 3);
  EXPECT_EQ(t.rest_s, 60);
  EXPECT_FALSE(t.rom_min_deg.has_value());
  EXPECT_TRUE(p.simulator.empty());
}

TEST(TestProtocol_Fields, AllRead) {
  const TestProtocol p = parse_test_protocol(
      "name = \"n\"\ndescription = \"d\"\ninjured_side = \"right\"\n"
      "[simulator]\nhq = 0.55\nseed = 7\ninjured = \"right\"\ndeficit = 0.2\n"
      "[[trials]]\nside = \"right\"\nmode = \"con-ecc\"\nvelocity_ext_deg_s = 60\nvelocity_flex_deg_s = 30.5\n"
      "reps = 4\nrest_s = 90\nrom_deg = [5, 95]\nid = \"qcon-qecc\"\n",
      "p.toml");
  EXPECT_EQ(p.description, "d");
  EXPECT_EQ(p.injured_side, Side::right);
  EXPECT_EQ(p.simulator.at("hq"), "0.55");
  EXPECT_EQ(p.simulator.at("seed"), "7");
  EXPECT_EQ(p.simulator.at("injured"), "right");
  const ProtocolTrial& t = p.trials.at(0);
  EXPECT_EQ(t.mode, TestMode::con_ecc);
  EXPECT_EQ(t.velocity_ext_deg_s, 60);
  EXPECT_EQ(t.velocity_flex_deg_s, 30.5);
  EXPECT_EQ(t.reps, 4);
  EXPECT_EQ(t.rest_s, 90);
  EXPECT_EQ(t.rom_min_deg, 5);
  EXPECT_EQ(t.rom_max_deg, 95);
  EXPECT_EQ(default_trial_id(0, t), "qcon-qecc");
  const device::StartRequest r = to_start_request(t);
  EXPECT_EQ(r.mode, TestMode::con_ecc);
  EXPECT_EQ(r.velocity_flex_deg_s, 30.5);
  EXPECT_EQ(r.rom_max_deg, 95);
  EXPECT_EQ(r.reps, 4);
  EXPECT_EQ(r.side, Side::right);
}

TEST(TestProtocol_Sides, TrialSidesExpandInPlace) {
  const TestProtocol p = parse_test_protocol(
      "name = \"n\"\n"
      "[[trials]]\nsides = [\"right\", \"left\"]\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 3\n"
      "[[trials]]\nside = \"left\"\nmode = \"isometric\"\nangle_deg = 60\nreps = 2\n",
      "p.toml");
  ASSERT_EQ(p.trials.size(), 3u);
  EXPECT_EQ(p.trials[0].side, Side::right);
  EXPECT_EQ(p.trials[1].side, Side::left);
  EXPECT_EQ(p.trials[2].mode, TestMode::isometric);
  EXPECT_EQ(p.trials[2].rom_min_deg, 60);
  EXPECT_EQ(p.trials[2].rom_max_deg, 60);
  EXPECT_EQ(default_trial_id(0, p.trials[0]), "01-right-con-con-60");
  EXPECT_EQ(default_trial_id(2, p.trials[2]), "03-left-isometric-60deg");
}

TEST(TestProtocol_Sides, TopLevelSidesGroupTrialsBySide) {
  const TestProtocol p = parse_test_protocol(
      "name = \"n\"\nsides = [\"left\", \"right\"]\n"
      "[[trials]]\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 3\nid = \"slow\"\n"
      "[[trials]]\nmode = \"con-con\"\nvelocity_ext_deg_s = 180\nvelocity_flex_deg_s = 240\nreps = 3\n",
      "p.toml");
  ASSERT_EQ(p.trials.size(), 4u);
  EXPECT_EQ(default_trial_id(0, p.trials[0]), "slow-left");
  EXPECT_EQ(default_trial_id(1, p.trials[1]), "02-left-con-con-180-240");
  EXPECT_EQ(default_trial_id(2, p.trials[2]), "slow-right");
  EXPECT_EQ(default_trial_id(3, p.trials[3]), "04-right-con-con-180-240");
}

// Bad files: the exact message, naming file, line, key and problem.
TEST(TestProtocol_BadValue, NegativeVelocity) {
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = -60\n"), "hq.toml"),
            "hq.toml:6: trials[0].velocity_deg_s: must be between 1 and 500 (got -60)");
}

TEST(TestProtocol_BadValue, VelocityAbove500) {
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = 600.5\n")),
            "p.toml:6: trials[0].velocity_deg_s: must be between 1 and 500 (got 600.5)");
}

TEST(TestProtocol_BadValue, ThirdTrialNamedByIndex) {
  const std::string trial = "[[trials]]\nside = \"left\"\nmode = \"con-con\"\nreps = 3\nvelocity_deg_s = 60\n";
  const std::string text = "name = \"t\"\n" + trial + trial +
                           "[[trials]]\nside = \"left\"\nmode = \"con-con\"\nreps = 3\nvelocity_deg_s = -60\n";
  EXPECT_EQ(error_of(text), "p.toml:16: trials[2].velocity_deg_s: must be between 1 and 500 (got -60)");
}

TEST(TestProtocol_BadValue, RepsBelowOne) {
  EXPECT_EQ(error_of("name = \"t\"\n[[trials]]\nside = \"left\"\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 0\n"),
            "p.toml:6: trials[0].reps: must be between 1 and 200 (got 0)");
}

TEST(TestProtocol_BadValue, UnknownModeAndSide) {
  EXPECT_EQ(error_of("name = \"t\"\n[[trials]]\nside = \"left\"\nmode = \"isotonic\"\nvelocity_deg_s = 60\nreps = 3\n"),
            "p.toml:4: trials[0].mode: must be one of con-con, ecc-ecc, con-ecc, isometric, passive (got \"isotonic\")");
  EXPECT_EQ(error_of("name = \"t\"\n[[trials]]\nside = \"both\"\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 3\n"),
            "p.toml:3: trials[0].side: must be \"left\" or \"right\" (got \"both\")");
}

TEST(TestProtocol_WrongType, Named) {
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = \"fast\"\n")),
            "p.toml:6: trials[0].velocity_deg_s: must be a number (got a string)");
  EXPECT_EQ(error_of("name = \"t\"\n[[trials]]\nside = \"left\"\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 2.5\n"),
            "p.toml:6: trials[0].reps: must be a whole number (got a number)");
  EXPECT_EQ(error_of("name = 3\n"), "p.toml:1: name: must be a string (got an integer)");
}

TEST(TestProtocol_UnknownKey, TopLevelAndTrial) {
  EXPECT_EQ(error_of("name = \"t\"\nspeed = 3\n"),
            "p.toml:2: speed: unknown key (known: description, injured_side, name, sides, simulator, trials)");
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = 60\nvelocity = 60\n")),
            "p.toml:7: trials[0].velocity: unknown key (known: angle_deg, id, mode, reps, rest_s, rom_deg, side, sides, "
            "velocity_deg_s, velocity_ext_deg_s, velocity_flex_deg_s)");
}

TEST(TestProtocol_Simulator, UnknownKeyAndBadValueNamed) {
  const std::string trial = "[[trials]]\nside = \"left\"\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 3\n";
  EXPECT_EQ(error_of("name = \"t\"\n[simulator]\nhq = \"strong\"\n" + trial),
            "p.toml:3: simulator.hq: must be a number between 0.1 and 2 (got 'strong')");
  const std::string unknown = error_of("name = \"t\"\n[simulator]\nhq = 0.5\nstrength = 3\n" + trial);
  EXPECT_EQ(unknown.rfind("p.toml:4: simulator.strength: unknown simulator parameter (known: seed, rate,", 0), 0u)
      << unknown;
  EXPECT_EQ(error_of("name = \"t\"\n[simulator]\ninjured = \"left\"\n" + trial),
            "p.toml:2: simulator: deficit: missing ('injured' and 'deficit' go together: injured=left&deficit=0.2)");
  EXPECT_EQ(error_of("name = \"t\"\n[simulator]\nhq = [1]\n" + trial),
            "p.toml:3: simulator.hq: must be a string or a number (got an array)");
}

TEST(TestProtocol_Impossible, RangesAndCombinations) {
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = 60\nrom_deg = [80, 85]\n")),
            "p.toml:7: trials[0].rom_deg: max must exceed min by at least 10 deg (got [80, 85])");
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = 60\nrom_deg = [10, 130]\n")),
            "p.toml:7: trials[0].rom_deg[1]: must be between 0 and 120 deg (got 130)");
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = 60\nvelocity_ext_deg_s = 60\n")),
            "p.toml:7: trials[0].velocity_ext_deg_s: give either velocity_deg_s or velocity_ext_deg_s and "
            "velocity_flex_deg_s, not both");
  EXPECT_EQ(error_of(one_trial("")), "p.toml:2: trials[0].velocity_deg_s: missing (the preset velocity in deg/s)");
  EXPECT_EQ(error_of("name = \"t\"\n[[trials]]\nside = \"left\"\nmode = \"isometric\"\nreps = 3\nvelocity_deg_s = 60\n"),
            "p.toml:6: trials[0].velocity_deg_s: not allowed in isometric mode (the angle is held; use angle_deg)");
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = 60\nrest_s = -1\n")),
            "p.toml:7: trials[0].rest_s: must be between 0 and 3600 s (got -1)");
  EXPECT_EQ(error_of("name = \"t\"\nsides = [\"left\"]\n"
                     "[[trials]]\nside = \"left\"\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 3\n"),
            "p.toml:4: trials[0].side: not allowed when the top-level 'sides' is given (it sets the side of every "
            "trial)");
  EXPECT_EQ(error_of("name = \"t\"\n[[trials]]\nmode = \"con-con\"\nvelocity_deg_s = 60\nreps = 3\n"),
            "p.toml:2: trials[0].side: missing (give side, sides, or a top-level sides)");
  EXPECT_EQ(error_of("name = \"t\"\n[[trials]]\nsides = [\"left\", \"left\"]\nmode = \"con-con\"\nvelocity_deg_s = "
                     "60\nreps = 3\n"),
            "p.toml:3: trials[0].sides[1]: \"left\" given twice");
  EXPECT_EQ(error_of("name = \"t\"\n"), "p.toml: trials: missing (at least one [[trials]] table)");
  EXPECT_EQ(error_of(one_trial("velocity_deg_s = 60\nid = \"a/b\"\n")),
            "p.toml:7: trials[0].id: must be 1 to 64 letters, digits, '-', '_' or '.' (got \"a/b\")");
}

TEST(TestProtocol_Syntax, LineAndColumn) {
  EXPECT_EQ(error_of("name = \"t\"\nreps = = 3\n").rfind("p.toml:2:", 0), 0u);
}

TEST(TestProtocol_File, MissingFileNamed) {
  try {
    load_test_protocol("/nonexistent/protocol.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/protocol.toml: cannot open the protocol file");
  }
}

TEST(TestProtocol_File, MessageNamesThePath) {
  const auto path = std::filesystem::temp_directory_path() / "isokin-test-protocol-bad.toml";
  {
    std::ofstream out(path);
    out << one_trial("velocity_deg_s = 0\n");
  }
  try {
    load_test_protocol(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ":6: trials[0].velocity_deg_s: must be between 1 and 500 (got 0)");
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace isokin
