// `isokin batch DIR_OR_FILES... --out table.csv`: a cohort analysed in parallel.
// One row per subject, trial and effort (plus a ratios table); a broken file gets a
// row with its error and the batch goes on. On a cluster, --shard I/N (or --shard auto
// in a Slurm job array) analyses one share of the cohort into a part, and
// `isokin batch --merge PART.csv... --out table.csv` joins the parts into the table
// one whole batch writes (docs/research.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "analysis_json/analysis_json.hpp"
#include "batch/batch_runner.hpp"
#include "batch/cohort_files.hpp"
#include "batch/cohort_merge.hpp"
#include "batch/cohort_part.hpp"
#include "batch/session_job.hpp"
#include "batch/slurm_array.hpp"
#include "cli/analysis_flags.hpp"
#include "cli/command.hpp"
#include "cli/option_ranges.hpp"
#include "cli/output_names.hpp"
#include "cli/input_files.hpp"
#include "export/table.hpp"
#include "model/error.hpp"
#include "model/text_policy.hpp"
#include "store/file_replace.hpp"

namespace isokin::cli {
namespace {

namespace fs = std::filesystem;

// No file should take minutes; one that does is hung (a retry loop inside HDF5 on a
// damaged file) and only costs its row.
constexpr double kDefaultTimeoutS = 600;
// A part bigger than this is not a table isokin wrote.
constexpr std::uintmax_t kMaxPartBytes = std::uintmax_t{4} << 30;

struct BatchArgs {
  std::vector<std::string> inputs;
  std::string out;
  std::string ratios;
  std::string bilateral;
  unsigned jobs = 0;
  std::string shard;
  double timeout_s = kDefaultTimeoutS;
  bool merge = false;
  bool no_header = false;
  bool force = false;
  bool quiet = false;
  batch::AnalysisFlags analysis;
};

// Written beside the target and renamed over it (mode, owner, symlink kept), so a
// reader never sees half a table and a failure leaves the old one as it was.
void write_text(const fs::path& path, const std::string& text) {
  store::write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

void write_table(const fs::path& path, const exporting::Table& table, bool header,
                 const std::optional<batch::PartRecord>& part) {
  std::ostringstream out;
  if (part) out << batch::format_part_record(*part) << '\n';
  exporting::write_csv(out, table, header);
  write_text(path, out.str());
}

void refuse_existing(const std::vector<std::string>& paths, bool force) {
  for (const auto& path : paths) {
    if (!path.empty() && fs::exists(path) && !force) throw InputError(path + ": exists already (use --force to overwrite)");
  }
}

void report_failures(const std::vector<std::pair<std::string, std::string>>& failures, std::size_t files,
                     const std::string& table) {
  if (failures.empty()) return;
  // The errors were printed as they happened; repeat them together at the end.
  for (const auto& [file, error] : failures) fmt::print(stderr, "failed: {}\n", printable(batch::describe_failure(file, error)));
  throw Error(fmt::format("{} of {} files could not be analysed (rows with an error in {})", failures.size(), files,
                          table));
}

std::string read_part(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw InputError(path + ": cannot read the part: " + ec.message());
  if (size > kMaxPartBytes) throw InputError(fmt::format("{}: {} bytes is larger than any part isokin writes", path, size));
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size())))
    throw InputError(path + ": cannot read the part");
  return text;
}

void run_merge(const BatchArgs& args) {
  if (!args.shard.empty() || !args.ratios.empty() || !args.bilateral.empty())
    throw InputError("--merge joins one table's parts into --out: --shard, --ratios and --bilateral do not apply "
                     "(merge each table's parts with its own isokin batch --merge)");
  refuse_existing({args.out}, args.force);
  std::vector<batch::PartText> parts;
  for (const auto& input : args.inputs) parts.push_back({input, read_part(input)});
  const batch::MergedTable merged = batch::merge_parts(parts, !args.no_header);
  write_text(args.out, merged.csv);
  if (!args.quiet)
    fmt::print(stderr, "{} shards of the {} table merged: {} rows of {} files into {}\n", merged.record.shard.count,
               merged.record.table, merged.rows, merged.record.cohort_files, args.out);
  report_failures(merged.failures, merged.record.cohort_files, args.out);
}

// Which share of the cohort this run takes, and what %a in the output names becomes.
struct ShardChoice {
  std::optional<batch::Shard> shard;
  std::optional<std::size_t> pattern_number;
};

ShardChoice choose_shard(const std::string& text) {
  ShardChoice choice;
  if (text.empty()) return choice;
  if (text == "auto") {
    const auto array = batch::shard_from_slurm([](const char* name) { return std::getenv(name); });
    choice.shard = array.shard;
    choice.pattern_number = array.task_id;
  } else {
    choice.shard = batch::parse_shard(text);
    choice.pattern_number = choice.shard->index;
  }
  return choice;
}

std::string settings_fingerprint(const analysis::AnalysisOptions& options) {
  return batch::fingerprint(analysis_json::parameters_json(options).dump() + '\n' + program_version());
}

void run_batch(const BatchArgs& args) {
  if (args.merge) return run_merge(args);
  if (!(args.timeout_s >= 0) || !std::isfinite(args.timeout_s) || args.timeout_s > 1e6)
    throw InputError(fmt::format("--timeout {}: expected seconds from 0 (no limit) to 1000000", args.timeout_s));
  const ShardChoice shard = choose_shard(args.shard);
  if (shard.shard && args.no_header)
    throw InputError("--no-header with --shard: a part keeps its header for isokin batch --merge (pass --no-header "
                     "to the merge instead)");
  const std::string out = batch::expand_array_pattern(args.out, shard.pattern_number, "--out");
  const std::string ratios = batch::expand_array_pattern(args.ratios, shard.pattern_number, "--ratios");
  const std::string bilateral = batch::expand_array_pattern(args.bilateral, shard.pattern_number, "--bilateral");
  refuse_existing({out, ratios, bilateral}, args.force);
  const auto options = batch::analysis_options(args.analysis);
  std::vector<fs::path> inputs(args.inputs.begin(), args.inputs.end());
  std::vector<fs::path> cohort;
  {
    // The same file under two spellings (a folder and a path into it) is analysed once.
    std::vector<std::string> names;
    for (const auto& f : batch::collect_session_files(inputs)) names.push_back(f.string());
    for (const auto& name : distinct_inputs(names)) cohort.emplace_back(name);
  }
  if (cohort.empty()) throw InputError("no session file (*.h5) found in the inputs");
  // A shard may be empty (fewer files than tasks): it still writes its part.
  const auto files = shard.shard ? batch::select_shard(cohort, *shard.shard) : cohort;

  install_interrupt_handler();
  const bool terminal = batch::ProgressReporter::is_terminal(stderr);
  std::unique_ptr<batch::ProgressReporter> progress;
  if (!args.quiet) progress = std::make_unique<batch::ProgressReporter>(stderr, files.size(), terminal);
  batch::BatchSettings settings;
  settings.jobs = args.jobs;
  settings.timeout = std::chrono::milliseconds(static_cast<long long>(std::ceil(args.timeout_s * 1000)));
  const auto outcomes = batch::run_batch(
      files, settings, [&](const fs::path& file) { return batch::analyze_for_batch(file, options); },
      progress.get(), [] { return interrupted(); });
  if (progress) progress->finish();

  const auto tables = batch::build_cohort_tables(outcomes);
  const bool header = !args.no_header;
  std::optional<batch::PartRecord> part;
  if (shard.shard) {
    part.emplace();
    part->shard = *shard.shard;
    part->cohort_files = cohort.size();
    part->shard_files = files.size();
    part->cohort = batch::cohort_fingerprint(cohort);
    part->settings = settings_fingerprint(options);
  }
  const auto part_of = [&](const char* table) {
    if (part) part->table = table;
    return part;
  };
  write_table(out, tables.efforts, header, part_of("efforts"));
  if (!ratios.empty()) write_table(ratios, tables.ratios, header, part_of("ratios"));
  if (!bilateral.empty()) write_table(bilateral, tables.bilateral, header, part_of("bilateral"));
  std::vector<std::pair<std::string, std::string>> failures;
  for (const auto& outcome : outcomes)
    if (!outcome.error.empty()) failures.emplace_back(outcome.file.string(), outcome.error);
  report_failures(failures, outcomes.size(), out);
}

void setup(CLI::App& isokin) {
  auto args = std::make_shared<BatchArgs>();
  auto* cmd = isokin.add_subcommand(
      "batch",
      "Analyse many session files in parallel into one table: a row per subject, trial and effort (and a ratios "
      "table); broken files are listed with their error and the batch goes on. Exit status 1 if any file failed.");
  cmd->add_option("INPUTS", args->inputs,
                  "Session files, or folders searched recursively for *.h5 (with --merge: the parts to join)")
      ->required();
  cmd->add_option("--out", args->out,
                  "Efforts table (CSV): file,date,subject_id,...,error; %a becomes the shard's number "
                  "(SLURM_ARRAY_TASK_ID with --shard auto)")
      ->required()
      ->check(output_extension({".csv"}));
  cmd->add_option("--ratios", args->ratios, "Also write the H:Q ratios table (CSV) here (%a as in --out)")
      ->check(output_extension({".csv"}));
  cmd->add_option("--bilateral", args->bilateral, "Also write the left/right comparison table (CSV) here (%a as in --out)")
      ->check(output_extension({".csv"}));
  cmd->add_option("-j,--jobs", args->jobs, "Worker processes (default: one per core this process may use)");
  cmd->add_option("--shard", args->shard,
                  "I/N: analyse only the files at positions I-1, I-1+N, ... of the sorted list into a part for "
                  "--merge; auto: I and N from the Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _COUNT)");
  cmd->add_flag("--merge", args->merge,
                "Join the parts given as INPUTS (one table's, every shard once) into --out: the table one batch "
                "over the whole cohort writes");
  cmd->add_option("--timeout", args->timeout_s,
                  "Seconds one file may take before its worker is stopped and the file gets an error row (0 = no "
                  "limit)")
      ->capture_default_str();
  cmd->add_flag("--no-header", args->no_header, "Omit the CSV header line");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress output (errors are still printed)");
  add_analysis_flags(cmd, args->analysis);
  cmd->add_flag("--force", args->force, "Overwrite existing output tables");
  cmd->callback([args] { run_batch(*args); });
}

const CommandRegistration registration{"batch", &setup};

}  // namespace
}  // namespace isokin::cli
