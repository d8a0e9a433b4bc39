// `isokin batch DIR_OR_FILES... --out table.csv`: a cohort analysed in parallel.
// One row per subject, trial and effort (plus a ratios table); a broken file gets a
// row with its error and the batch goes on; --shard I/N splits a cohort across the
// machines of a job array so that the shards' tables concatenate (docs/research.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "batch/batch_runner.hpp"
#include "batch/cohort_files.hpp"
#include "batch/session_job.hpp"
#include "cli/command.hpp"
#include "export/table.hpp"
#include "model/error.hpp"
#include "store/file_replace.hpp"

namespace isokin::cli {
namespace {

struct BatchArgs {
  std::vector<std::string> inputs;
  std::string out;
  std::string ratios;
  std::string bilateral;
  unsigned jobs = 0;
  std::string shard;
  bool no_header = false;
  bool force = false;
  bool quiet = false;
  batch::AnalysisFlags analysis;
};

// Written beside the target and renamed over it (mode, owner, symlink kept), so a
// reader never sees half a table and a failure leaves the old one as it was.
void write_table(const std::string& path, const exporting::Table& table, bool header) {
  store::write_file_atomically(path, [&](std::ostream& out) { exporting::write_csv(out, table, header); });
}

void run_batch(const BatchArgs& args) {
  for (const std::string* path : {&args.out, &args.ratios, &args.bilateral}) {
    if (!path->empty() && std::filesystem::exists(*path) && !args.force) {
      throw InputError(*path + ": exists already (use --force to overwrite)");
    }
  }
  const auto options = batch::analysis_options(args.analysis);
  std::vector<std::filesystem::path> inputs(args.inputs.begin(), args.inputs.end());
  auto files = batch::collect_session_files(inputs);
  if (!args.shard.empty()) files = batch::select_shard(files, batch::parse_shard(args.shard));
  if (files.empty()) throw InputError("no session file (*.h5) found in the inputs");

  install_interrupt_handler();
  const bool terminal = batch::ProgressReporter::is_terminal(stderr);
  std::unique_ptr<batch::ProgressReporter> progress;
  if (!args.quiet) progress = std::make_unique<batch::ProgressReporter>(stderr, files.size(), terminal);
  const std::string version = program_version();
  const auto outcomes = batch::run_batch(
      files, args.jobs, [&](const std::filesystem::path& file) { return batch::analyze_for_batch(file, options, version); },
      progress.get(), [] { return interrupted(); });
  if (progress) progress->finish();

  const auto tables = batch::build_cohort_tables(outcomes);
  const bool header = !args.no_header;
  write_table(args.out, tables.efforts, header);
  if (!args.ratios.empty()) write_table(args.ratios, tables.ratios, header);
  if (!args.bilateral.empty()) write_table(args.bilateral, tables.bilateral, header);
  if (tables.failed > 0) {
    // The errors were printed as they happened; repeat them together at the end.
    for (const auto& outcome : outcomes) {
      if (!outcome.error.empty()) {
        fmt::print(stderr, "failed: {}\n", batch::describe_failure(outcome.file.string(), outcome.error));
      }
    }
    throw Error(fmt::format("{} of {} files could not be analysed (rows with an error in {})", tables.failed,
                            outcomes.size(), args.out));
  }
}

void setup(CLI::App& isokin) {
  auto args = std::make_shared<BatchArgs>();
  auto* cmd = isokin.add_subcommand(
      "batch",
      "Analyse many session files in parallel into one table: a row per subject, trial and effort (and a ratios "
      "table); broken files are listed with their error and the batch goes on. Exit status 1 if any file failed.");
  cmd->add_option("INPUTS", args->inputs, "Session files, or folders searched recursively for *.h5")->required();
  cmd->add_option("--out", args->out,
                  "Efforts table (CSV): file,date,subject_id,...,fatigue_slope_percent_per_rep,error")
      ->required();
  cmd->add_option("--ratios", args->ratios, "Also write the H:Q ratios table (CSV) here");
  cmd->add_option("--bilateral", args->bilateral, "Also write the left/right comparison table (CSV) here");
  cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: one per core)");
  cmd->add_option("--shard", args->shard,
                  "I/N: analyse only the files at positions I-1, I-1+N, ... of the sorted list (job arrays)");
  cmd->add_flag("--no-header", args->no_header,
                "Omit the CSV header line (for appending shards 2..N to shard 1's table)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress output (errors are still printed)");
  cmd->add_option("--cutoffs", args->analysis.cutoffs, "Cut-off table (TOML) replacing the shipped one")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-gravity", args->analysis.no_gravity, "Do not correct torque for limb weight");
  cmd->add_option("--filter-hz", args->analysis.filter_hz, "Torque low-pass cut-off in Hz, 0 = off")
      ->capture_default_str();
  cmd->add_flag("--force", args->force, "Overwrite existing output tables");
  cmd->callback([args] { run_batch(*args); });
}

const CommandRegistration registration{"batch", &setup};

}  // namespace
}  // namespace isokin::cli
