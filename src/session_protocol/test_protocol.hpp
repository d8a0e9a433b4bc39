// A test protocol: the trials a session runs, in order, read from a TOML file
// (samples/protocols/*.toml; the format is docs/protocol-files.md).
//
// Parsing is strict, because a protocol drives a machine that loads a knee: an unknown
// key, a value of the wrong type or an impossible value throws isokin::InputError
//   "hq-screen.toml:14: trials[2].velocity_deg_s: must be between 1 and 500 (got -60)"
// naming the file, the line, the key (trials counted from 0, as TOML paths are) and
// the problem.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "device/device.hpp"
#include "model/test_mode.hpp"

namespace isokin {

// One trial to record: one side, one mode, one set of repetitions.
struct ProtocolTrial {
  Side side = Side::left;
  TestMode mode = TestMode::con_con;
  double velocity_ext_deg_s = 0;      // preset speeds, magnitudes; 0 for isometric
  double velocity_flex_deg_s = 0;
  int reps = 0;                       // >= 1
  double rest_s = 60;                 // rest after this trial, before the next
  std::optional<double> rom_min_deg;  // range of motion; for isometric both are the hold angle
  std::optional<double> rom_max_deg;
  std::optional<std::string> trial_id;  // from the file's `id`; see default_trial_id()
};

struct TestProtocol {
  std::string source;                 // the file it was read from, for messages
  std::string name;
  std::string description;
  std::optional<Side> injured_side;   // clinical context (e.g. ACL reconstruction), for reports
  std::vector<ProtocolTrial> trials;  // expanded: one entry per side
  // The [simulator] table, as sim:// query text (values already checked by the
  // simulator's parser); a sim:// URI's own keys override these.
  std::map<std::string, std::string> simulator;
};

// Reads and checks a protocol file. Throws InputError (missing file, TOML syntax error,
// unknown key, wrong type, impossible value).
TestProtocol load_test_protocol(const std::filesystem::path& file);

// The same from text; source_name stands for the file in messages.
TestProtocol parse_test_protocol(std::string_view toml_text, std::string_view source_name);

// The trial's START request for a device.
device::StartRequest to_start_request(const ProtocolTrial& trial);

// The trial id to record under: the file's `id` if given, else
// "NN-side-mode-velocity" with NN = index + 1, e.g. "01-left-con-con-60",
// "03-right-ecc-ecc-30", "05-left-con-con-60-180" (different ext/flex speeds),
// "07-left-isometric-60deg".
std::string default_trial_id(std::size_t index, const ProtocolTrial& trial);

}  // namespace isokin
