// One file in, one trial out: the file's bytes are decoded, its format found by
// content (a vendor reader, else the generic CSV path), its facts merged with the
// user's options (an option that contradicts the file is refused naming both), the
// samples checked for plausibility, and the provenance recorded. Nothing is written
// here: the caller hands the result to the store.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "import/csv_import.hpp"
#include "model/session.hpp"

namespace isokin::import {

// What the user said on the command line; unset = not given.
struct ImportRequest {
  std::optional<Side> side;
  std::optional<TestMode> mode;
  std::optional<double> velocity_deg_s;  // both ways
  std::optional<double> velocity_ext_deg_s;
  std::optional<double> velocity_flex_deg_s;
  std::optional<std::string> subject;
  std::optional<double> body_mass_kg;
  std::optional<std::string> date;  // YYYY-MM-DD, checked to exist
  std::optional<double> gravity_torque_nm;
  std::optional<double> gravity_angle_deg;
  std::optional<int> reps;
  std::optional<InvolvedSide> involved;  // --involved; a file that states it must agree
  std::string trial_id;
  std::string reader = "auto";  // "auto", "csv", or a vendor reader's name
  CsvOptions csv;
  bool csv_options_given = false;  // --columns/--units/--delimiter/--decimal/--skip-lines/--flip-*/--skip-bad-rows
  std::string options_text;        // every option given, for the provenance
};

struct ImportedTrial {
  Session session;  // info from the file and the options, one trial
  std::string reader;  // "humac-norm-csv 1"
  std::string format;  // "HUMAC NORM", "generic CSV"
  std::string sha256;
  std::vector<std::string> notes;
  std::size_t counted_movements = 0;
};

// Throws InputError (naming the file, line or field, and the cause) on any refusal.
// `existing_trials` numbers the default trial id when appending.
ImportedTrial import_file(const std::filesystem::path& file, const ImportRequest& request, std::size_t existing_trials);

// The trial id isokin gives by default: "01-left-con-con-60".
std::string default_trial_id(std::size_t index, const TrialInfo& info);

// The names of every reader ("csv" and the vendor readers), for --reader's help.
std::vector<std::string> reader_names();

}  // namespace isokin::import
