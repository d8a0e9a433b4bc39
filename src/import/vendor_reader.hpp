// One reader per dynamometer export format, behind one interface, chosen by the
// file's content (first bytes, section names, header columns), never by its name's
// extension. docs/import.md lists the formats and where each field lands.
//
// A reader turns the file's text into isokin's units and signs (protocol.md section
// 3: torque positive in extension, angle = knee flexion, velocity = d(angle)/dt) and
// states every fact the file carries (FileFacts); the caller fills the session from
// those facts and refuses any option that contradicts them.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/counted_movements.hpp"
#include "model/samples.hpp"
#include "model/test_mode.hpp"

namespace isokin::import {

// What a file states. Unset = the file does not say.
struct FileFacts {
  std::optional<Side> side;
  std::optional<TestMode> mode;
  std::optional<double> velocity_ext_deg_s;
  std::optional<double> velocity_flex_deg_s;
  std::optional<int> reps;
  std::optional<double> sample_rate_hz;
  std::optional<std::string> date;        // YYYY-MM-DD
  std::optional<std::string> time_of_day; // HH:MM:SS
  std::optional<double> body_mass_kg;
  std::optional<Side> involved_side;
  std::optional<bool> gravity_corrected;  // true: the device already corrected the torque
  std::optional<double> isometric_angle_deg;
  std::string joint;                      // empty = not stated
  std::string device_model;               // "HUMAC NORM", "Con-Trex MJ", ...
  std::string software_version;
  std::string subject_key;  // pseudonymous key of the subject's name fields (never the name); empty = none
};

struct VendorTrial {
  SampleColumns samples;                 // isokin's units and signs
  FileFacts facts;
  std::vector<CountedMovement> counted;  // device-marked repetitions; empty = unmarked
  std::vector<std::string> notes;        // what the user should know (one line each)
};

// What the user said that a file may leave unsaid (a HUMAC file's leg when its name
// does not carry it; the mode an unsigned torque is signed by).
struct ReadHints {
  std::string file_name;  // base name: HUMAC exports carry the test in it
  std::optional<Side> side;
  std::optional<TestMode> mode;
};

class VendorReader {
 public:
  virtual ~VendorReader() = default;
  virtual std::string_view name() const = 0;     // "humac-norm-csv"
  virtual std::string_view version() const = 0;  // this reader's version, for provenance
  // Whether `text` (decoded to UTF-8) is this reader's format.
  virtual bool recognizes(std::string_view text) const = 0;
  // Throws InputError naming `display_name`, the line or field, and the cause.
  virtual VendorTrial read(std::string_view text, const std::string& display_name, const ReadHints& hints) const = 0;
};

// Every vendor reader, in the order they are tried.
std::span<const VendorReader* const> vendor_readers();

// The reader whose format `text` is, or nullptr (then the generic CSV path applies).
const VendorReader* find_vendor_reader(std::string_view text);

}  // namespace isokin::import
