// `isokin report FILE.h5 -o report.pdf`: the clinical report of a session (page
// layout in src/report/clinical_report.hpp, wording in docs/reports.md), or with
// --format png|svg its figures alone, one file each.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <string>

#include "batch/session_job.hpp"
#include "cli/analysis_flags.hpp"
#include "catalog/person_sessions.hpp"
#include "cli/command.hpp"
#include "cli/option_ranges.hpp"
#include "cli/output_names.hpp"
#include "model/error.hpp"
#include "report/clinical_report.hpp"
#include "store/file_replace.hpp"

namespace isokin::cli {
namespace {

struct ReportArgs {
  std::string file;
  catalog::PersonSelection person;  // --person ID [--catalog ...]: their latest session
  std::string out;
  std::string format;
  batch::AnalysisFlags analysis;
  bool force = false;
};

void run_report(const ReportArgs& args) {
  namespace fs = std::filesystem;
  const fs::path out(args.out);
  // --format wins; otherwise the output's extension says it; otherwise PDF.
  std::string format = args.format;
  if (format.empty()) {
    const std::string ext = out.extension().string();
    format = ext == ".png" ? "png" : ext == ".svg" ? "svg" : "pdf";
  }
  auto analysis_options = batch::analysis_options(args.analysis);
  const auto file = catalog::files_or_person_sessions({args.file}, args.person, analysis_options, true).back();
  report::ReportOptions options;
  options.format = report::parse_image_format(format);
  options.source_file = fs::path(file).filename().string();
  options.program_version = program_version();
  if (options.format == report::ImageFormat::pdf && fs::exists(out) && !args.force) {
    throw InputError(args.out + ": exists already (use --force to overwrite)");
  }
  const auto analysed = batch::read_and_analyze(file, analysis_options);
  if (options.format == report::ImageFormat::pdf) {
    // The PDF is drawn beside the target and renamed over it only once whole: a failure
    // (or --force with a file that cannot be analysed) leaves the old report as it was.
    store::TempFileBeside temp(out);
    const auto drawn = report::write_clinical_report(temp.path(), analysed.session, analysed.analysis, options);
    temp.commit();
    fmt::print("{} ({} pages)\n", out.string(), drawn.pages);
    return;
  }
  // Each figure is drawn beside its target and all are renamed in once every one is whole.
  store::TempFileSet temps;
  options.draw_path = [&temps](const fs::path& target) { return temps.add(target).path(); };
  const auto written = report::write_clinical_report(out, analysed.session, analysed.analysis, options);
  temps.commit_all();
  for (const auto& file : written.files) {
    if (written.pages > 0) {
      fmt::print("{} ({} pages)\n", file.string(), written.pages);
    } else {
      fmt::print("{}\n", file.string());
    }
  }
}

void setup(CLI::App& isokin) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = isokin.add_subcommand(
      "report",
      "Clinical report of a session: subject and protocol, key measures per side with flags in plain words, "
      "torque-angle curves, H:Q ratios against cut-offs, left against right, fatigue (PDF; or the figures as PNG/SVG)");
  cmd->add_option("FILE", args->file, "Session file (HDF5)")->check(CLI::ExistingFile);
  catalog::add_person_options(*cmd, args->person);
  cmd->add_option("-o,--out", args->out,
                  "Output: report.pdf; with png/svg the figures go to <stem>-torque-angle.png, -hq-ratios, "
                  "-left-right, -fatigue beside it")
      ->required()
      ->check(output_extension({".pdf", ".png", ".svg"}, true));
  cmd->add_option("--format", args->format, "pdf, png or svg (default: from the --out extension, else pdf)")
      ->check(CLI::IsMember({"pdf", "png", "svg"}));
  add_analysis_flags(cmd, args->analysis);
  cmd->add_flag("--force", args->force, "Overwrite an existing output file");
  cmd->callback([args] { run_report(*args); });
}

const CommandRegistration registration{"report", &setup};

}  // namespace
}  // namespace isokin::cli
