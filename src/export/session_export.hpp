// `isokin export`: one session file's contents as plain files in a folder.
//
//   csv:  <trial-id>.csv  time_s,torque_nm,angle_deg,velocity_deg_s (one per trial;
//                         `isokin import` reads it back to the same float64 samples)
//         session.json    subject, date, protocol and each trial's settings, with the
//                         `isokin import` command that restores the trial
//         analysis.json   the analysis, as `isokin analyze --json` prints it
//         efforts.csv, repetitions.csv, ratios.csv, bilateral.csv  (analysis_tables.hpp)
//   json: <trial-id>.json {"time_s": [...], "torque_nm": [...], ...} (pandas.read_json)
//         session.json, analysis.json
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "model/session.hpp"

namespace isokin::exporting {

enum class ExportFormat { csv, json };
ExportFormat parse_export_format(std::string_view text);  // throws InputError

// The per-trial CSV (header and one line per sample, numbers round-trip exact).
void write_trial_csv(std::ostream& out, const SampleSpan& samples);

// Session and trial metadata, the settings `isokin import` needs to restore each trial.
nlohmann::json session_metadata(const Session& session, ExportFormat format);

// The file names export_session writes for this session (for the overwrite check).
std::vector<std::filesystem::path> export_file_names(const Session& session, ExportFormat format);

// The session's analysis for export_session: its result, and the program that made it
// (recorded in analysis.json).
struct AnalysisToExport {
  const analysis::SessionAnalysis& result;
  std::string program_version;
};

// Writes everything into `folder` (created if missing). Refuses, before writing
// anything, when one of the files exists and `overwrite` is false. Without `analysis`
// (nullopt) no analysis files are written. Returns the files written.
std::vector<std::filesystem::path> export_session(const std::filesystem::path& folder, const Session& session,
                                                  const std::optional<AnalysisToExport>& analysis,
                                                  ExportFormat format, bool overwrite);

}  // namespace isokin::exporting
