// `isokin import FILE.csv --out FILE.h5 --side ... --mode ... --velocity ...`: a trial
// exported by another dynamometer's software enters an isokin session file.
//
// The CSV is parsed and checked whole first (src/import/csv_import.hpp: every bad row
// reported as FILE:LINE: reason); only then is the session written, atomically, by
// store::write_session: the output appears whole or not at all, and a failed --append
// leaves the existing file exactly as it was.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/option_ranges.hpp"
#include "cli/output_names.hpp"
#include "import/csv_dialect.hpp"
#include "import/csv_import.hpp"
#include "model/error.hpp"
#include "store/session_store.hpp"

namespace isokin::cli {
namespace {

// ", read in ms, ft-lb" when the file's units were not isokin's own.
std::string converted_units(const import::Units& u) {
  std::vector<std::string> parts;
  if (u.time == import::TimeUnit::ms) parts.emplace_back("time ms");
  if (u.torque == import::TorqueUnit::ft_lb) parts.emplace_back("torque ft-lb");
  if (u.angle == import::AngleUnit::rad) parts.emplace_back("angle rad");
  if (u.velocity == import::VelocityUnit::rad_s) parts.emplace_back("velocity rad/s");
  return parts.empty() ? std::string() : fmt::format(", converted from {}", fmt::join(parts, ", "));
}

namespace fs = std::filesystem;

struct ImportOptions {
  std::string csv;
  std::string out;
  std::string side;
  std::string mode;
  std::optional<double> velocity;
  std::optional<double> velocity_ext;
  std::optional<double> velocity_flex;
  std::optional<std::string> subject;
  std::optional<double> body_mass_kg;
  std::string date;
  std::optional<double> gravity_torque_nm;
  std::optional<double> gravity_angle_deg;
  std::string trial_id;
  std::string involved;  // left|right|none: stored in the session
  int reps = 0;
  std::string columns;
  std::string units;
  std::string delimiter;
  std::string decimal;
  std::optional<std::size_t> skip_lines;
  bool flip_torque = false;
  bool flip_velocity = false;
  bool append = false;
  bool force = false;
};

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

std::optional<char> delimiter_option(const std::string& text) {
  if (text.empty() || text == "auto") return std::nullopt;
  if (text == "," || text == "comma") return ',';
  if (text == ";" || text == "semicolon") return ';';
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text == "space" || text == "spaces" || text == " ") return ' ';
  throw InputError(fmt::format("--delimiter: '{}' is not comma, semicolon, tab or spaces", text));
}

std::optional<char> decimal_option(const std::string& text) {
  if (text.empty() || text == "auto") return std::nullopt;
  if (text == "." || text == "point" || text == "dot") return '.';
  if (text == "," || text == "comma") return ',';
  throw InputError(fmt::format("--decimal: '{}' is not '.' or ','", text));
}

std::string default_trial_id(std::size_t index, const TrialInfo& info) {
  std::string speed;
  if (info.mode == TestMode::isometric)
    speed = "iso";
  else if (info.velocity_ext_deg_s == info.velocity_flex_deg_s)
    speed = fmt::format("{:g}", info.velocity_ext_deg_s);
  else
    speed = fmt::format("{:g}-{:g}", info.velocity_ext_deg_s, info.velocity_flex_deg_s);
  return fmt::format("{:02}-{}-{}-{}", index + 1, to_string(info.side), to_string(info.mode), speed);
}

TrialInfo trial_info(const ImportOptions& o) {
  TrialInfo info;
  const auto side = parse_side(o.side);
  if (!side) throw InputError(fmt::format("--side: '{}' is not left or right", o.side));
  info.side = *side;
  const auto mode = parse_test_mode(o.mode);
  if (!mode) throw InputError(fmt::format("--mode: '{}' is not con-con, ecc-ecc, con-ecc, isometric or passive", o.mode));
  info.mode = *mode;
  const bool moving = info.mode != TestMode::isometric;
  if (o.velocity) info.velocity_ext_deg_s = info.velocity_flex_deg_s = *o.velocity;
  if (o.velocity_ext) info.velocity_ext_deg_s = *o.velocity_ext;
  if (o.velocity_flex) info.velocity_flex_deg_s = *o.velocity_flex;
  if (moving && info.mode != TestMode::passive && !o.velocity && !(o.velocity_ext && o.velocity_flex))
    throw InputError("--velocity (or both --velocity-ext and --velocity-flex) is required for a moving test");
  if (o.gravity_torque_nm.has_value() != o.gravity_angle_deg.has_value())
    throw InputError("--gravity-torque and --gravity-angle go together");
  if (o.gravity_torque_nm) info.gravity = LimbGravity{*o.gravity_torque_nm, *o.gravity_angle_deg};
  info.reps_requested = o.reps;
  info.source = "import:" + fs::path(o.csv).filename().string();
  return info;
}

import::CsvOptions csv_options(const ImportOptions& o) {
  import::CsvOptions csv;
  if (!o.columns.empty()) csv.columns = import::parse_column_map(o.columns);
  if (!o.units.empty()) csv.units = import::parse_units(o.units);
  csv.delimiter = delimiter_option(o.delimiter);
  csv.decimal = decimal_option(o.decimal);
  if (csv.delimiter == ',' && csv.decimal == ',')
    throw InputError("--delimiter comma and --decimal comma cannot both hold");
  csv.skip_lines = o.skip_lines;
  csv.flip_torque = o.flip_torque;
  csv.flip_velocity = o.flip_velocity;
  return csv;
}

void run_import(const ImportOptions& o) {
  // Everything is checked before anything is written.
  TrialInfo info = trial_info(o);
  const import::CsvOptions csv = csv_options(o);
  const bool exists = fs::exists(o.out);
  if (exists && !o.append && !o.force)
    throw InputError(fmt::format("{}: already exists (use --append to add the trial, --force to replace the file)", o.out));
  if (!exists && o.append) throw InputError(fmt::format("{}: no such file to append to", o.out));

  Session session;
  std::size_t existing_trials = 0;
  if (o.append) {
    session.info = store::read_session_info(o.out);
    existing_trials = store::list_trials(o.out).size();
    if (o.subject && *o.subject != session.info.subject.id)
      throw InputError(fmt::format("{}: belongs to subject '{}', not '{}': a session file holds one subject", o.out,
                                   session.info.subject.id, *o.subject));
  } else {
    const bool iso_date = o.date.size() == 10 && o.date[4] == '-' && o.date[7] == '-' &&
                          std::all_of(o.date.begin(), o.date.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '-'; });
    if (!o.date.empty() && !iso_date) throw InputError(fmt::format("--date: '{}' is not YYYY-MM-DD", o.date));
    session.info.subject.id = o.subject.value_or("anonymous");
    session.info.subject.body_mass_kg = o.body_mass_kg.value_or(std::numeric_limits<double>::quiet_NaN());
    session.info.date = o.date.empty() ? today() : o.date;
  }
  if (!o.involved.empty()) session.info.involved = parse_involved_side(o.involved).value_or(InvolvedSide::unknown);

  const import::CsvImport parsed = import::import_csv(o.csv, csv);
  info.sample_rate_hz = parsed.sample_rate_hz;
  info.counts.samples = parsed.samples.size();
  info.id = o.trial_id.empty() ? default_trial_id(existing_trials, info) : o.trial_id;
  session.trials.push_back({info, parsed.samples});
  store::write_session(o.out, session, o.append ? store::WriteMode::append
                                         : exists ? store::WriteMode::overwrite
                                                  : store::WriteMode::create);

  const auto& s = parsed.samples;
  fmt::print("{}: trial '{}' ({} samples, {:.6g} Hz, {:.2f} s; {}-separated, decimal '{}'{}{}{}) -> {}\n", o.csv, info.id,
             s.size(), parsed.sample_rate_hz, s.time_s.back() - s.time_s.front(), import::describe(parsed.delimiter),
             parsed.decimal, parsed.header_line ? fmt::format(", header on line {}", parsed.header_line) : "",
             converted_units(parsed.units), parsed.velocity_derived ? ", velocity derived from the angle" : "", o.out);
}

void setup(CLI::App& isokin) {
  auto o = std::make_shared<ImportOptions>();
  auto* cmd = isokin.add_subcommand(
      "import",
      "Import one trial from another dynamometer's CSV/text export into a session file.\n"
      "Expected header: time_s,torque_nm,angle_deg,velocity_deg_s; also recognised: Time, Torque/Moment,\n"
      "Angle/Position, Velocity/Speed with a unit as in 'Time (ms)' or 'torque_ftlb' (converted). Map other\n"
      "names with --columns; --units overrides the units. Velocity is derived from the angle if absent.\n"
      "Signs are kept as the file gives them: isokin expects torque positive in extension and velocity negative in\n"
      "extension (angle = knee flexion); use --flip-torque / --flip-velocity when the file's convention differs.");
  cmd->add_option("CSV", o->csv, "CSV or text file to import")->required();
  cmd->add_option("--out", o->out, "Session file to write (HDF5)")->required()->check(output_extension({".h5", ".hdf5"}));
  cmd->add_option("--side", o->side, "left or right")->required();
  cmd->add_option("--mode", o->mode, "con-con, ecc-ecc, con-ecc, isometric or passive")->required();
  cmd->add_option("--velocity", o->velocity, "Preset velocity both ways, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--velocity-ext", o->velocity_ext, "Preset extension velocity, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--velocity-flex", o->velocity_flex, "Preset flexion velocity, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--subject", o->subject, "Pseudonymous subject id (default: anonymous; with --append, the file's)");
  cmd->add_option("--body-mass", o->body_mass_kg, "Body mass, kg")->check(range(kBodyMassKg));
  cmd->add_option("--date", o->date, "Session date YYYY-MM-DD (default: today)");
  cmd->add_option("--gravity-torque", o->gravity_torque_nm, "Limb-weight torque, N·m (with --gravity-angle)")
      ->check(range(kGravityTorqueNm));
  cmd->add_option("--gravity-angle", o->gravity_angle_deg, "Knee angle the limb was weighed at, deg")
      ->check(range(kGravityAngleDeg));
  cmd->add_option("--trial-id", o->trial_id, "Trial id (default NN-side-mode-velocity)");
  cmd->add_option("--involved", o->involved,
                  "Involved (injured, operated) limb: left, right or none; stored in the session (default: unknown, "
                  "or the file's with --append)")
      ->check(CLI::IsMember({"left", "right", "none"}));
  cmd->add_option("--reps", o->reps, "Repetitions asked for")->check(range(kRepetitions));
  cmd->add_option("--columns", o->columns,
                  "Map channels to the file's columns by header name or 1-based index, e.g. "
                  "time=Time,torque=Torque,angle=Pos or time=1,torque=2,angle=3; velocity=none derives velocity");
  cmd->add_option("--units", o->units, "The file's units, e.g. time=ms,torque=ft-lb,angle=rad,velocity=rad/s");
  cmd->add_option("--delimiter", o->delimiter, "comma, semicolon, tab or spaces (default: detected)");
  cmd->add_option("--decimal", o->decimal, "Decimal mark '.' or ',' (default: detected)");
  cmd->add_option("--skip-lines", o->skip_lines, "Lines before the header (default: the header is found)");
  cmd->add_flag("--flip-torque", o->flip_torque, "Negate torque (file has flexion positive)");
  cmd->add_flag("--flip-velocity", o->flip_velocity, "Negate velocity (file has extension positive)");
  cmd->add_flag("--append", o->append, "Add the trial to an existing session file of the same subject");
  cmd->add_flag("--force", o->force, "Replace an existing output file");
  cmd->callback([o] { run_import(*o); });
}

const CommandRegistration registration{"import", &setup};

}  // namespace
}  // namespace isokin::cli
