// `isokin import FILE --out SESSION.h5`: one trial exported by another dynamometer
// (HUMAC/Cybex NORM CSV, Con-Trex .CTM, Biodex text, IsoMed .txt, or any CSV) enters an
// isokin session file. `isokin import DIR... --out FOLDER`: a lab's whole archive, one
// session file per subject and test date.
//
// The format is found by content (src/import/vendor_reader.hpp) and the command says
// which reader it used. The file is parsed and checked whole first (every refusal names
// file, line or field, and cause); only then is the session written by
// store::write_session, beside its target and renamed when whole: the output appears
// complete or not at all, and a failed --append or --force leaves the existing file
// byte for byte as it was.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/option_ranges.hpp"
#include "cli/output_names.hpp"
#include "import/csv_dialect.hpp"
#include "import/csv_import.hpp"
#include "import/id_charset.hpp"
#include "import/import_request.hpp"
#include "model/calendar_date.hpp"
#include "model/error.hpp"
#include "store/session_store.hpp"

namespace isokin::cli {
namespace {

namespace fs = std::filesystem;

struct ImportOptions {
  std::vector<std::string> inputs;
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
  std::optional<int> reps;
  std::string columns;
  std::string units;
  std::string delimiter;
  std::string decimal;
  std::optional<std::size_t> skip_lines;
  std::string reader = "auto";
  bool flip_torque = false;
  bool flip_velocity = false;
  bool skip_bad_rows = false;
  bool append = false;
  bool force = false;
  std::string given;  // every option given, for the provenance
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
  throw InputError(fmt::format("--delimiter: '{}' is not comma, semicolon, tab or spaces", import::printable(text)));
}

std::optional<char> decimal_option(const std::string& text) {
  if (text.empty() || text == "auto") return std::nullopt;
  if (text == "." || text == "point" || text == "dot") return '.';
  if (text == "," || text == "comma") return ',';
  throw InputError(fmt::format("--decimal: '{}' is not '.' or ','", import::printable(text)));
}

void check_finite(const std::optional<double>& value, const char* option) {
  if (value && !std::isfinite(*value)) throw InputError(fmt::format("{}: '{}' is not a finite number", option, *value));
}

import::ImportRequest request_of(const ImportOptions& o) {
  import::ImportRequest r;
  if (!o.side.empty()) {
    r.side = parse_side(o.side);
    if (!r.side) throw InputError(fmt::format("--side: '{}' is not left or right", import::printable(o.side)));
  }
  if (!o.mode.empty()) {
    r.mode = parse_test_mode(o.mode);
    if (!r.mode)
      throw InputError(fmt::format("--mode: '{}' is not con-con, ecc-ecc, con-ecc, isometric or passive",
                                   import::printable(o.mode)));
  }
  for (const auto& [value, name] : {std::pair{o.velocity, "--velocity"}, {o.velocity_ext, "--velocity-ext"},
                                    {o.velocity_flex, "--velocity-flex"}, {o.body_mass_kg, "--body-mass"},
                                    {o.gravity_torque_nm, "--gravity-torque"}, {o.gravity_angle_deg, "--gravity-angle"}})
    check_finite(value, name);
  r.velocity_deg_s = o.velocity;
  r.velocity_ext_deg_s = o.velocity_ext;
  r.velocity_flex_deg_s = o.velocity_flex;
  if (o.gravity_torque_nm.has_value() != o.gravity_angle_deg.has_value())
    throw InputError("--gravity-torque and --gravity-angle go together");
  r.gravity_torque_nm = o.gravity_torque_nm;
  r.gravity_angle_deg = o.gravity_angle_deg;
  if (o.subject) import::check_id(*o.subject, "--subject");
  if (!o.trial_id.empty()) import::check_id(o.trial_id, "--trial-id");
  r.subject = o.subject;
  r.body_mass_kg = o.body_mass_kg;
  if (!o.date.empty()) {
    check_existing_date(o.date, "--date");
    r.date = o.date;
  }
  if (o.reps && *o.reps > 0) r.reps = o.reps;
  if (!o.involved.empty()) r.involved = parse_involved_side(o.involved);
  r.trial_id = o.trial_id;
  r.reader = o.reader;
  if (!o.columns.empty()) r.csv.columns = import::parse_column_map(o.columns);
  if (!o.units.empty()) r.csv.units = import::parse_units(o.units);
  r.csv.delimiter = delimiter_option(o.delimiter);
  r.csv.decimal = decimal_option(o.decimal);
  if (r.csv.delimiter == ',' && r.csv.decimal == ',')
    throw InputError("--delimiter comma and --decimal comma cannot both hold");
  r.csv.skip_lines = o.skip_lines;
  r.csv.flip_torque = o.flip_torque;
  r.csv.flip_velocity = o.flip_velocity;
  r.csv.skip_bad_rows = o.skip_bad_rows;
  r.csv_options_given = !o.columns.empty() || !o.units.empty() || r.csv.delimiter || r.csv.decimal || o.skip_lines ||
                        o.flip_torque || o.flip_velocity || o.skip_bad_rows;
  r.options_text = o.given;
  return r;
}

void print_result(const std::string& input, const import::ImportedTrial& t, const fs::path& out) {
  const Trial& trial = t.session.trials.front();
  const auto& s = trial.samples;
  fmt::print("{}: {} export, read by {}; trial '{}' ({}, {}, {} samples, {:.6g} Hz, {:.2f} s{}) -> {}\n", input, t.format,
             t.reader, trial.info.id, to_string(trial.info.side), to_string(trial.info.mode), s.size(),
             trial.info.measured_rate_hz, s.time_s.back() - s.time_s.front(),
             t.counted_movements ? fmt::format(", {} movements counted by the device", t.counted_movements) : "",
             out.string());
  for (const auto& n : t.notes) fmt::print("  note: {}\n", import::printable(n));
}

void import_one(const ImportOptions& o, const import::ImportRequest& request) {
  const fs::path out = o.out;
  const bool exists = fs::exists(out);
  if (exists && !o.append && !o.force)
    throw InputError(fmt::format("{}: already exists (use --append to add the trial, --force to replace the file)", o.out));
  if (!exists && o.append) throw InputError(fmt::format("{}: no such file to append to", o.out));

  std::optional<SessionInfo> existing;
  std::size_t existing_trials = 0;
  if (o.append) {
    existing = store::read_session_info(out);
    existing_trials = store::list_trials(out).size();
  }
  import::ImportedTrial t = import::import_file(o.inputs.front(), request, existing_trials);
  Session& session = t.session;
  if (existing) {
    if (request.subject && *request.subject != existing->subject.id)
      throw InputError(fmt::format("{}: belongs to subject '{}', not '{}': a session file holds one subject", o.out,
                                   import::printable(existing->subject.id), import::printable(*request.subject)));
    session.info = *existing;
  } else if (session.info.date.empty()) {
    session.info.date = today();
  }
  // Replacing (--force) writes the new file beside the old one and renames it over
  // it once whole: the old file stays byte for byte until then.
  store::write_session(out, session, o.append ? store::WriteMode::append
                                     : exists ? store::WriteMode::overwrite
                                              : store::WriteMode::create);
  print_result(o.inputs.front(), t, out);
}

// Every regular file under the inputs, in name order (hidden files and session files left out).
std::vector<fs::path> archive_files(const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && it->path().extension() != ".h5") found.push_back(it->path());
      }
      if (ec) throw InputError(fmt::format("{}: cannot walk the folder ({})", input, ec.message()));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(input, ec)) {
      files.emplace_back(input);
    } else {
      throw InputError(fmt::format("{}: no such file or folder", import::printable(input)));
    }
  }
  return files;
}

// A file name from a subject key and a date: letters, digits, '-', '_' and '.' only.
std::string session_file_name(const std::string& subject, const std::string& date) {
  std::string name;
  for (const char c : subject + "_" + date)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return name + ".h5";
}

void import_archive(const ImportOptions& o, const import::ImportRequest& request) {
  if (!o.trial_id.empty()) throw InputError("--trial-id names one trial: not for an archive (several files)");
  if (o.append || o.force)
    throw InputError("--append and --force are for one file: an archive import adds new trials to its session files");
  const fs::path out = o.out;
  std::error_code ec;
  if (fs::exists(out, ec) && !fs::is_directory(out, ec))
    throw InputError(fmt::format("{}: an archive import writes one session file per subject and date into a folder; "
                                 "this is a file",
                                 o.out));
  const std::vector<fs::path> files = archive_files(o.inputs);
  fs::create_directories(out, ec);
  if (ec) throw Error(fmt::format("{}: cannot create the folder ({})", o.out, ec.message()));

  // What the folder holds already: a re-run adds only files not imported before (by SHA-256).
  std::set<std::string> imported;
  for (const auto& entry : fs::directory_iterator(out, ec)) {
    if (entry.path().extension() != ".h5") continue;
    try {
      for (const auto& trial : store::list_trials(entry.path())) {
        const auto at = trial.info.source.find("sha256 ");
        if (at != std::string::npos) imported.insert(trial.info.source.substr(at + 7, 64));
      }
    } catch (const InputError& e) {
      fmt::print(stderr, "{}: not read ({}); files imported into it before may be imported again\n",
                 entry.path().string(), e.what());
    }
  }

  std::vector<std::pair<std::string, std::string>> skipped;
  std::size_t added = 0, already = 0;
  std::set<std::string> written;
  for (std::size_t k = 0; k < files.size(); ++k) {
    if (interrupted()) throw Error(fmt::format("interrupted after {} of {} files; every session file written is whole", k,
                                               files.size()));
    const std::string name = files[k].string();
    fmt::print(stderr, "[{}/{}] {}\n", k + 1, files.size(), import::printable(name));
    try {
      import::ImportedTrial t = import::import_file(files[k], request, 0);
      if (imported.count(t.sha256)) {
        ++already;
        continue;
      }
      Session& session = t.session;
      if (session.info.date.empty()) {
        const auto mtime = fs::last_write_time(files[k]);
        const std::time_t tt = std::chrono::system_clock::to_time_t(
            std::chrono::time_point_cast<std::chrono::system_clock::duration>(std::chrono::file_clock::to_sys(mtime)));
        std::tm tm{};
        gmtime_r(&tt, &tm);
        char buffer[16];
        std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
        session.info.date = buffer;
        t.notes.push_back(std::string("the file states no date: its modification date ") + buffer + " is used");
      }
      const fs::path target = out / session_file_name(session.info.subject.id, session.info.date);
      const bool exists = fs::exists(target);
      if (exists) {
        const auto trials = store::list_trials(target);
        Trial& trial = session.trials.front();
        if (request.trial_id.empty()) trial.info.id = import::default_trial_id(trials.size(), trial.info);
        session.info = store::read_session_info(target);
      }
      store::write_session(target, session, exists ? store::WriteMode::append : store::WriteMode::create);
      imported.insert(t.sha256);
      written.insert(target.string());
      ++added;
      print_result(name, t, target);
    } catch (const InputError& e) {
      skipped.emplace_back(name, e.what());
    }
  }
  fmt::print("{} file{} imported into {} session file{} in {}; {} imported before; {} skipped\n", added,
             added == 1 ? "" : "s", written.size(), written.size() == 1 ? "" : "s", o.out, already, skipped.size());
  for (const auto& [file, why] : skipped) {
    std::string first_line = why.substr(0, why.find('\n'));
    fmt::print("  skipped {}: {}\n", import::printable(file), import::printable(first_line));
  }
  if (added == 0 && already == 0 && !skipped.empty())
    throw InputError(fmt::format("{}: no file imported ({} skipped)", o.out, skipped.size()));
}

void run_import(const ImportOptions& o) {
  // A session file ends in .h5; an archive's --out is a folder (no extension). Checked
  // before any input is read, so a mistyped name writes nothing.
  std::string extension = fs::path(o.out).extension().string();
  for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!extension.empty() && extension != ".h5" && extension != ".hdf5")
    throw InputError(fmt::format("--out {}: a session file ends in .h5 or .hdf5 (an archive import writes into a "
                                 "folder)", import::printable(o.out)));
  const import::ImportRequest request = request_of(o);
  std::error_code ec;
  const bool archive = o.inputs.size() > 1 || fs::is_directory(o.inputs.front(), ec);
  if (archive) import_archive(o, request);
  else import_one(o, request);
}

void setup(CLI::App& isokin) {
  auto o = std::make_shared<ImportOptions>();
  auto* cmd = isokin.add_subcommand(
      "import",
      "Import trials from another dynamometer's exports into session files (docs/import.md).\n"
      "The format is found by content: HUMAC/Cybex NORM CSV, Con-Trex .CTM, Biodex System 3/4 text, IsoMed 2000 .txt,\n"
      "else a CSV with columns time_s,torque_nm,angle_deg,velocity_deg_s (also recognised: Time, Torque/Moment,\n"
      "Angle/Position, Velocity/Speed with a unit as in 'Time (ms)'; map others with --columns, --units).\n"
      "What the file states (side, mode, speeds, repetitions, date, body mass) is used; an option that contradicts\n"
      "it is refused. Several files or a folder: one session file per subject and date in the --out folder;\n"
      "a re-run adds only files not imported before.");
  cmd->add_option("FILE", o->inputs, "Export file(s) or folder(s) to import")->required();
  cmd->add_option("--out", o->out, "Session file to write (HDF5); for several files or a folder, a folder")->required();
  cmd->add_option("--side", o->side, "left or right (when the file does not say)");
  cmd->add_option("--mode", o->mode, "con-con, ecc-ecc, con-ecc, isometric or passive (when the file does not say)");
  cmd->add_option("--velocity", o->velocity, "Preset velocity both ways, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--velocity-ext", o->velocity_ext, "Preset extension velocity, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--velocity-flex", o->velocity_flex, "Preset flexion velocity, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--subject", o->subject,
                  "Pseudonymous subject id: letters, digits, - _ . and space (default: a key of the file's name "
                  "fields, else anonymous; with --append, the file's)");
  cmd->add_option("--body-mass", o->body_mass_kg, "Body mass, kg")->check(range(kBodyMassKg));
  cmd->add_option("--date", o->date, "Session date YYYY-MM-DD (default: the file's, else today)");
  cmd->add_option("--gravity-torque", o->gravity_torque_nm, "Limb-weight torque, N·m (with --gravity-angle)")
      ->check(range(kGravityTorqueNm));
  cmd->add_option("--gravity-angle", o->gravity_angle_deg, "Knee angle the limb was weighed at, deg")
      ->check(range(kGravityAngleDeg));
  cmd->add_option("--trial-id", o->trial_id, "Trial id (default NN-side-mode-velocity)");
  cmd->add_option("--involved", o->involved,
                  "Involved (injured, operated) limb: left, right or none; stored in the session (default: the "
                  "file's where it states it, else unknown; with --append, the session file's)")
      ->check(CLI::IsMember({"left", "right", "none"}));
  cmd->add_option("--reps", o->reps, "Repetitions asked for")->check(range(kRepetitions));
  cmd->add_option("--reader", o->reader,
                  "auto (default: by content), csv, humac-norm-csv, contrex-ctm, biodex-text or isomed-txt");
  cmd->add_option("--columns", o->columns,
                  "CSV: map channels to the file's columns by header name or 1-based index, e.g. "
                  "time=Time,torque=Torque,angle=Pos or time=1,torque=2,angle=3; velocity=none derives velocity");
  cmd->add_option("--units", o->units, "CSV: the file's units, e.g. time=ms,torque=ft-lb,angle=rad,velocity=rad/s");
  cmd->add_option("--delimiter", o->delimiter, "CSV: comma, semicolon, tab or spaces (default: detected)");
  cmd->add_option("--decimal", o->decimal, "CSV: decimal mark '.' or ',' (default: detected)");
  cmd->add_option("--skip-lines", o->skip_lines, "CSV: lines before the header (default: the header is found)");
  cmd->add_flag("--flip-torque", o->flip_torque, "CSV: negate torque (file has flexion positive)");
  cmd->add_flag("--flip-velocity", o->flip_velocity, "CSV: negate velocity (file has extension positive)");
  cmd->add_flag("--skip-bad-rows", o->skip_bad_rows, "CSV: skip (and report) rows with NaN or text for a number");
  cmd->add_flag("--append", o->append, "Add the trial to an existing session file of the same subject");
  cmd->add_flag("--force", o->force, "Replace an existing output file (the old one stays until the new one is whole)");
  cmd->callback([o, cmd] {
    o->given.clear();
    for (const CLI::Option* opt : cmd->get_options()) {
      if (opt->get_positional() || opt->count() == 0 || opt->get_name() == "--out" || opt->get_name() == "--help") continue;
      o->given += (o->given.empty() ? "" : " ") + opt->get_name();
      for (const auto& r : opt->results())
        if (r != "true") o->given += " " + import::printable(r);  // a flag's "true": its name says it
    }
    run_import(*o);
  });
}

const CommandRegistration registration{"import", &setup};

}  // namespace
}  // namespace isokin::cli
