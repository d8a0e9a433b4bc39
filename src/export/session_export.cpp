#include "export/session_export.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "analysis_json/analysis_json.hpp"
#include "export/analysis_tables.hpp"
#include "export/csv_writer.hpp"
#include "model/error.hpp"
#include "model/text_policy.hpp"
#include "store/file_replace.hpp"

namespace isokin::exporting {

namespace fs = std::filesystem;
using nlohmann::json;

ExportFormat parse_export_format(std::string_view text) {
  if (text == "csv") return ExportFormat::csv;
  if (text == "json") return ExportFormat::json;
  throw InputError("--format: '" + std::string(text) + "' is not one of csv, json");
}

void write_trial_csv(std::ostream& out, const SampleSpan& samples) {
  CsvWriter csv(out);
  csv.row({"time_s", "torque_nm", "angle_deg", "velocity_deg_s"});
  for (std::size_t i = 0; i < samples.size(); ++i) {
    csv.number(samples.time_s[i]).number(samples.torque_nm[i]).number(samples.angle_deg[i]);
    csv.number(samples.velocity_deg_s[i]).end_row();
  }
}

namespace {

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// Trial ids come from files: the file name keeps only letters, digits, - _ . (text_policy.hpp).
std::string trial_file(const TrialInfo& info, ExportFormat format) {
  return file_name_part(info.id) + (format == ExportFormat::csv ? ".csv" : ".json");
}

// A word for a POSIX shell: ids may hold spaces, quotes and parentheses.
std::string shell_word(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The command line that brings the exported CSV back into a session file: the first
// trial creates SESSION.h5, the others are appended to it.
std::string import_command(const Session& session, const TrialInfo& info, bool first) {
  std::string cmd = fmt::format("isokin import {} --out SESSION.h5 --trial-id {} --side {} --mode {}",
                                shell_word(trial_file(info, ExportFormat::csv)), shell_word(info.id),
                                to_string(info.side), to_string(info.mode));
  cmd += fmt::format(" --velocity-ext {} --velocity-flex {}", info.velocity_ext_deg_s, info.velocity_flex_deg_s);
  if (info.reps_requested > 0) cmd += fmt::format(" --reps {}", info.reps_requested);
  if (!session.info.subject.id.empty()) cmd += " --subject " + shell_word(session.info.subject.id);
  if (std::isfinite(session.info.subject.body_mass_kg)) cmd += fmt::format(" --body-mass {}", session.info.subject.body_mass_kg);
  if (!session.info.date.empty()) cmd += " --date " + shell_word(session.info.date);
  if (info.gravity) {
    cmd += fmt::format(" --gravity-torque {} --gravity-angle {}", info.gravity->torque_nm, info.gravity->angle_deg);
  }
  if (!first) cmd += " --append";
  return cmd;
}

// Every file of an export is written beside its target first; they are renamed in
// only once all are written, so a failure (disk full, a damaged analysis) leaves the
// folder as it was: no half file, no partial set.
class PendingFiles {
 public:
  template <typename Write>
  void add(const fs::path& path, Write&& write) {
    store::write_temp_text(set_.add(path), std::forward<Write>(write));
  }
  void commit_all() { set_.commit_all(); }

 private:
  store::TempFileSet set_;
};

}  // namespace

json session_metadata(const Session& session, ExportFormat format) {
  json trials = json::array();
  for (const auto& trial : session.trials) {
    const auto& info = trial.info;
    json t{{"id", info.id},
           {"file", trial_file(info, format)},
           {"joint", info.joint},
           {"side", to_string(info.side)},
           {"mode", to_string(info.mode)},
           {"velocity_ext_deg_s", info.velocity_ext_deg_s},
           {"velocity_flex_deg_s", info.velocity_flex_deg_s},
           {"sample_rate_hz", info.sample_rate_hz},
           {"measured_rate_hz", info.measured_rate_hz},
           {"reps_requested", info.reps_requested},
           {"rom_min_deg", info.rom_min_deg},
           {"rom_max_deg", info.rom_max_deg},
           {"sample_count", trial.samples.size()},
           {"started_at", info.started_at},
           {"source", info.source},
           {"device_model", info.device_model},
           {"device_serial", info.device_serial},
           {"device_firmware", info.device_firmware},
           {"gravity", info.gravity ? json{{"torque_nm", info.gravity->torque_nm}, {"angle_deg", info.gravity->angle_deg}}
                                    : json(nullptr)},
           {"counts",
            {{"samples", info.counts.samples},
             {"corrupt_frames", info.counts.corrupt_frames},
             {"lost_frames", info.counts.lost_frames},
             {"lost_samples", info.counts.lost_samples},
             {"unknown_frames", info.counts.unknown_frames},
             {"reconnects", info.counts.reconnects}}}};
    json gaps = json::array();
    for (const auto& g : info.gaps) gaps.push_back({{"start_s", g.start_s}, {"end_s", g.end_s}, {"lost_samples", g.lost_samples}});
    t["gaps"] = gaps;
    if (format == ExportFormat::csv) t["import_command"] = import_command(session, info, trials.empty());
    trials.push_back(std::move(t));
  }
  return {{"schema", "isokin-export"},
          {"version", 1},
          {"subject", {{"id", session.info.subject.id}, {"body_mass_kg", number_or_null(session.info.subject.body_mass_kg)}}},
          {"date", session.info.date},
          {"protocol", session.info.protocol},
          {"notes", session.info.notes},
          {"trials", trials}};
}

std::vector<fs::path> export_file_names(const Session& session, ExportFormat format) {
  std::vector<fs::path> names;
  for (const auto& trial : session.trials) names.emplace_back(trial_file(trial.info, format));
  names.emplace_back("session.json");
  names.emplace_back("analysis.json");
  if (format == ExportFormat::csv) {
    for (const char* n : {"efforts.csv", "repetitions.csv", "ratios.csv", "bilateral.csv"}) names.emplace_back(n);
  }
  return names;
}

std::vector<fs::path> export_session(const fs::path& folder, const Session& session,
                                     const std::optional<AnalysisToExport>& analysis, ExportFormat format,
                                     bool overwrite) {
  std::error_code ec;
  const bool folder_existed = fs::exists(folder, ec);
  fs::create_directories(folder, ec);
  if (ec) throw InputError(folder.string() + ": cannot create the folder: " + ec.message());
  PendingFiles files;
  // A folder this export created is removed again if the export fails.
  struct FolderGuard {
    const fs::path& folder;
    bool keep;
    ~FolderGuard() {
      std::error_code ignored;
      if (!keep) fs::remove(folder, ignored);  // only when empty
    }
  } guard{folder, folder_existed};
  if (!overwrite) {
    for (const auto& name : export_file_names(session, format)) {
      if (fs::exists(folder / name)) {
        throw InputError((folder / name).string() + ": exists already (use --force to overwrite)");
      }
    }
  }
  std::vector<fs::path> written;
  for (const auto& trial : session.trials) {
    const fs::path path = folder / trial_file(trial.info, format);
    files.add(path, [&](std::ostream& out) {
      if (format == ExportFormat::csv) {
        write_trial_csv(out, trial.samples.span());
        return;
      }
      // Columns as arrays: pandas.read_json(path) gives a DataFrame with these columns.
      const auto column = [](std::span<const double> v) {
        json a = json::array();
        for (double x : v) a.push_back(number_or_null(x));
        return a;
      };
      const json doc{{"time_s", column(trial.samples.time_s)},
                     {"torque_nm", column(trial.samples.torque_nm)},
                     {"angle_deg", column(trial.samples.angle_deg)},
                     {"velocity_deg_s", column(trial.samples.velocity_deg_s)}};
      out << doc.dump() << '\n';
    });
    written.push_back(path);
  }
  const auto json_file = [&](const char* name, const json& doc) {
    files.add(folder / name, [&](std::ostream& out) { out << doc.dump(2) << '\n'; });
    written.push_back(folder / name);
  };
  json_file("session.json", session_metadata(session, format));
  if (!analysis) {
    files.commit_all();
    guard.keep = true;
    return written;
  }
  json_file("analysis.json", analysis_json::to_json(analysis->result, analysis->program_version));
  if (format == ExportFormat::csv) {
    const analysis::SessionAnalysis& result = analysis->result;
    const std::pair<const char*, Table> tables[] = {{"efforts.csv", effort_table(result)},
                                                    {"repetitions.csv", repetition_table(result)},
                                                    {"ratios.csv", ratio_table(result)},
                                                    {"bilateral.csv", bilateral_table(result)}};
    for (const auto& [name, table] : tables) {
      files.add(folder / name, [&](std::ostream& out) { write_csv(out, table); });
      written.push_back(folder / name);
    }
  }
  files.commit_all();
  guard.keep = true;
  return written;
}

}  // namespace isokin::exporting
