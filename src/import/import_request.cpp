#include "import/import_request.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdio>
#include <type_traits>

#include "import/id_charset.hpp"
#include "import/plausibility.hpp"
#include "import/sha256.hpp"
#include "import/text_decoding.hpp"
#include "import/vendor_reader.hpp"
#include "model/error.hpp"

namespace isokin::import {
namespace {

constexpr std::string_view kCsvReaderVersion = "2";

bool same(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(a)); }

[[noreturn]] void contradiction(const std::string& file, const std::string& fact, const std::string& file_value,
                                const std::string& option, const std::string& option_value) {
  throw InputError(fmt::format("{}: the file states {} {}, {} says {}: leave the option out or import another file", file,
                               fact, file_value, option, option_value));
}

// The file's value wins when the option is absent; both given and different is refused.
template <typename T, typename Show>
std::optional<T> merge(const std::string& file, const std::string& fact, const std::optional<T>& from_file,
                       const std::optional<T>& from_option, const std::string& option, Show show) {
  if (from_file && from_option) {
    bool equal;
    if constexpr (std::is_floating_point_v<T>) equal = same(*from_file, *from_option);
    else equal = *from_file == *from_option;
    if (!equal) contradiction(file, fact, show(*from_file), option, show(*from_option));
  }
  return from_file ? from_file : from_option;
}

std::string show_double(double v) { return fmt::format("{:g}", v); }
std::string show_string(const std::string& s) { return "'" + s + "'"; }

}  // namespace

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

std::vector<std::string> reader_names() {
  std::vector<std::string> names{"csv"};
  for (const VendorReader* r : vendor_readers()) names.emplace_back(r->name());
  return names;
}

ImportedTrial import_file(const std::filesystem::path& path, const ImportRequest& request, std::size_t existing_trials) {
  const std::string file = path.string();
  const std::string bytes = read_file_bytes(path);
  ImportedTrial out;
  out.sha256 = sha256_hex(bytes);
  const DecodedText decoded = decode_text(bytes, file);
  if (decoded.encoding != "UTF-8") out.notes.push_back("text read as " + decoded.encoding);

  const VendorReader* reader = nullptr;
  if (request.reader == "auto") {
    reader = find_vendor_reader(decoded.text);
  } else if (request.reader != "csv") {
    for (const VendorReader* r : vendor_readers())
      if (r->name() == request.reader) reader = r;
    if (reader == nullptr)
      throw InputError(fmt::format("--reader: '{}' is not one of {}", printable(request.reader), fmt::join(reader_names(), ", ")));
  }

  Session& session = out.session;
  TrialInfo info;
  FileFacts facts;
  SampleColumns samples;
  std::vector<CountedMovement> counted;
  const std::string name = path.filename().string();
  if (reader != nullptr) {
    if (request.csv_options_given)
      throw InputError(fmt::format("{}: a {} export, read by its own reader ({}): --columns, --units, --delimiter, "
                                   "--decimal, --skip-lines, --flip-* and --skip-bad-rows are for generic CSV files "
                                   "(--reader csv reads it as one)",
                                   file, reader->name(), reader->name()));
    ReadHints hints{name, request.side, request.mode};
    VendorTrial t = reader->read(decoded.text, file, hints);
    facts = std::move(t.facts);
    samples = std::move(t.samples);
    counted = std::move(t.counted);
    for (auto& n : t.notes) out.notes.push_back(std::move(n));
    out.reader = fmt::format("{} {}", reader->name(), reader->version());
    out.format = facts.device_model;
  } else {
    CsvImport parsed = import_csv_text(decoded.text, file, request.csv);
    samples = std::move(parsed.samples);
    for (auto& n : parsed.notes) out.notes.push_back(std::move(n));
    for (auto& r : parsed.skipped_rows) out.notes.push_back("skipped " + r);
    out.reader = fmt::format("csv {}", kCsvReaderVersion);
    out.format = "generic CSV";
  }

  // Facts merged with the options.
  const auto side = merge<Side>(file, "side", facts.side, request.side, "--side",
                                [](Side s) { return std::string(to_string(s)); });
  if (!side)
    throw InputError(fmt::format("{}: the file does not state the side: give --side left or --side right", file));
  info.side = *side;
  const auto mode = merge<TestMode>(file, "mode", facts.mode, request.mode, "--mode",
                                    [](TestMode m) { return std::string(to_string(m)); });
  if (!mode)
    throw InputError(fmt::format("{}: the file does not state the test mode: give --mode (con-con, ecc-ecc, con-ecc, "
                                 "isometric, passive)",
                                 file));
  info.mode = *mode;
  const auto ext_option = request.velocity_ext_deg_s ? request.velocity_ext_deg_s : request.velocity_deg_s;
  const auto flex_option = request.velocity_flex_deg_s ? request.velocity_flex_deg_s : request.velocity_deg_s;
  const auto ext = merge<double>(file, "the extension speed (deg/s)", facts.velocity_ext_deg_s, ext_option,
                                 request.velocity_ext_deg_s ? "--velocity-ext" : "--velocity", show_double);
  const auto flex = merge<double>(file, "the flexion speed (deg/s)", facts.velocity_flex_deg_s, flex_option,
                                  request.velocity_flex_deg_s ? "--velocity-flex" : "--velocity", show_double);
  const bool moving = info.mode != TestMode::isometric && info.mode != TestMode::passive;
  if (moving && !(ext && flex))
    throw InputError(fmt::format("{}: the file does not state the preset speed: give --velocity (or --velocity-ext and "
                                 "--velocity-flex)",
                                 file));
  info.velocity_ext_deg_s = ext.value_or(0);
  info.velocity_flex_deg_s = flex.value_or(0);
  info.reps_requested = merge<int>(file, "repetitions", facts.reps, request.reps, "--reps",
                                   [](int r) { return std::to_string(r); }).value_or(0);
  if (facts.gravity_corrected.value_or(false) && request.gravity_torque_nm)
    contradiction(file, "the torque as", "gravity-corrected already", "--gravity-torque",
                  fmt::format("{:g} N·m (it would be corrected twice)", *request.gravity_torque_nm));
  if (request.gravity_torque_nm && request.gravity_angle_deg)
    info.gravity = LimbGravity{*request.gravity_torque_nm, *request.gravity_angle_deg};
  if (!facts.joint.empty()) info.joint = facts.joint;
  info.device_model = facts.device_model;
  info.device_firmware = facts.software_version;
  info.counted = counted;
  out.counted_movements = counted.size();

  session.info.date = merge<std::string>(file, "the date", facts.date, request.date, "--date", show_string).value_or("");
  session.info.subject.body_mass_kg =
      merge<double>(file, "the body mass (kg)", facts.body_mass_kg, request.body_mass_kg, "--body-mass", show_double)
          .value_or(std::nan(""));
  session.info.subject.id = request.subject ? *request.subject : !facts.subject_key.empty() ? facts.subject_key : "anonymous";
  if (!session.info.date.empty() && facts.time_of_day) info.started_at = session.info.date + "T" + *facts.time_of_day;
  std::optional<InvolvedSide> stated_involved;
  if (facts.involved_side) stated_involved = *facts.involved_side == Side::left ? InvolvedSide::left : InvolvedSide::right;
  session.info.involved =
      merge<InvolvedSide>(file, "the involved side", stated_involved, request.involved, "--involved",
                          [](InvolvedSide v) { return std::string(to_string(v)); })
          .value_or(InvolvedSide::unknown);
  std::vector<std::string> session_notes;
  if (facts.gravity_corrected)
    session_notes.push_back(fmt::format("{}: torque {}gravity-corrected by the device", name,
                                        *facts.gravity_corrected ? "" : "not "));
  for (std::size_t i = 0; i < session_notes.size(); ++i) session.info.notes += (i ? "; " : "") + session_notes[i];

  // Plausibility, then the rates.
  PlausibilityContext context;
  context.declared_rate_hz = facts.sample_rate_hz.value_or(0);
  context.preset_ext_deg_s = info.velocity_ext_deg_s;
  context.preset_flex_deg_s = info.velocity_flex_deg_s;
  context.moving = moving;
  for (auto& n : check_plausibility(samples, file, context)) out.notes.push_back(std::move(n));
  info.measured_rate_hz = median_rate_hz(samples);
  info.sample_rate_hz = facts.sample_rate_hz.value_or(info.measured_rate_hz);
  info.counts.samples = samples.size();

  info.source = fmt::format("import:{}; reader {}; sha256 {}; options {}", name, out.reader, out.sha256,
                            request.options_text.empty() ? "(none)" : request.options_text);
  info.id = request.trial_id.empty() ? default_trial_id(existing_trials, info) : request.trial_id;
  check_id(info.id, "trial id");
  check_id(session.info.subject.id, "subject id");
  session.trials.push_back({std::move(info), std::move(samples)});
  return out;
}

}  // namespace isokin::import
