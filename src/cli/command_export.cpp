// `isokin export FILE.h5 --format csv|json --out DIR`: the samples, metadata and
// analysis of a session as files that spreadsheets, pandas and R read directly
// (layout in src/export/session_export.hpp and docs/research.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "batch/session_job.hpp"
#include "cli/analysis_flags.hpp"
#include "cli/command.hpp"
#include "cli/option_ranges.hpp"
#include "export/session_export.hpp"
#include "store/session_store.hpp"

namespace isokin::cli {
namespace {

struct ExportArgs {
  std::string file;
  std::string format = "csv";
  std::string out;
  batch::AnalysisFlags analysis;
  bool no_analysis = false;
  bool force = false;
};

void run_export(const ExportArgs& args) {
  const auto format = exporting::parse_export_format(args.format);
  std::vector<std::filesystem::path> written;
  if (args.no_analysis) {
    written = exporting::export_session(args.out, store::read_session(args.file), std::nullopt, format, args.force);
  } else {
    const auto analysed = batch::read_and_analyze(args.file, batch::analysis_options(args.analysis));
    written = exporting::export_session(args.out, analysed.session,
                                        exporting::AnalysisToExport{analysed.analysis, program_version()}, format,
                                        args.force);
  }
  for (const auto& path : written) fmt::print("{}\n", path.string());
}

void setup(CLI::App& isokin) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = isokin.add_subcommand(
      "export",
      "Write a session's samples (one CSV or JSON per trial), metadata (session.json) and analysis "
      "(analysis.json, and CSV tables) into a folder");
  cmd->add_option("FILE", args->file, "Session file (HDF5)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--format", args->format,
                  "csv: <trial>.csv time_s,torque_nm,angle_deg,velocity_deg_s (re-importable with `isokin import`) "
                  "+ efforts/repetitions/ratios/bilateral.csv; json: <trial>.json column arrays")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Folder to write into (created if missing)")->required();
  cmd->add_flag("--no-analysis", args->no_analysis, "Only samples and metadata, no analysis files");
  add_analysis_flags(cmd, args->analysis);
  cmd->add_flag("--force", args->force, "Overwrite files that exist in the folder");
  cmd->callback([args] { run_export(*args); });
}

const CommandRegistration registration{"export", &setup};

}  // namespace
}  // namespace isokin::cli
