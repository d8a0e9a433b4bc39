// `isokin analyze FILE.h5`: every isokinetic measure of a session (docs/metrics.md),
// printed as a report a physiotherapist can read, or as JSON (--json); --write stores
// the results in the file under /analysis with the parameters and program version.
//
// Trials are read one after another (HDF5 serialises its calls; read_trial inflates
// chunks on every core) while the trials already read are analysed, each on its own
// thread, so reading and analysis overlap and several trials use several cores.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/parallelism.hpp"
#include "analysis/session_analysis.hpp"
#include "analysis_json/analysis_json.hpp"
#include "analysis_json/analysis_report.hpp"
#include "analysis_json/cutoff_file.hpp"
#include "batch/batch_runner.hpp"
#include "cli/command.hpp"
#include "cli/option_ranges.hpp"
#include "model/error.hpp"
#include "store/analysis_record.hpp"
#include "store/session_store.hpp"

namespace isokin::cli {
namespace {

struct AnalyzeArgs {
  std::string file;
  bool json = false;
  bool no_gravity = false;
  double filter_hz = analysis::AnalysisOptions{}.filter_hz;
  std::string cutoffs;
  std::string cutoffs_only;
  double window_tolerance_percent = analysis::AnalysisOptions{}.window_tolerance_percent;
  std::string angles;
  std::string involved;
  bool write = false;
};

std::vector<double> parse_angles(const std::string& text) {
  std::vector<double> angles;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      std::size_t used = 0;
      const double a = std::stod(item, &used);
      if (used != item.size() || !std::isfinite(a)) throw std::invalid_argument(item);
      angles.push_back(a);
    } catch (const std::exception&) {
      throw InputError(fmt::format("--angles: '{}' is not a number (expected e.g. 30,45,60)", item));
    }
  }
  return angles;
}

analysis::AnalysisOptions options_from(const AnalyzeArgs& a) {
  analysis::AnalysisOptions o;
  o.gravity_correction = !a.no_gravity;
  o.filter_hz = a.filter_hz;
  o.window_tolerance_percent = a.window_tolerance_percent;
  if (!a.angles.empty()) o.angles_deg = parse_angles(a.angles);
  o.cutoffs = analysis_json::cutoff_table_for(a.cutoffs, a.cutoffs_only);
  if (!a.involved.empty()) {
    const auto side = parse_involved_side(a.involved);
    if (!side || *side == InvolvedSide::unknown)
      throw InputError(fmt::format("--involved: '{}' is not left, right or none", a.involved));
    o.involved = *side;
  }
  return o;
}

analysis::SessionAnalysis analyze_file(const std::string& file, const analysis::AnalysisOptions& options) {
  const SessionInfo info = store::read_session_info(file);
  const auto trials = store::list_trials(file, store::TrialTimes::skip);  // ids only
  analysis::SessionAnalysis result;
  result.subject_id = info.subject.id;
  result.body_mass_kg = info.subject.body_mass_kg;
  result.options = options;
  result.involved = options.involved.value_or(info.involved);
  if (!(std::isfinite(result.body_mass_kg) && result.body_mass_kg > 0))
    result.messages.push_back({analysis::Severity::info, "no-body-mass", "", "body mass unknown: no values per kg"});

  // This thread reads trial after trial (HDF5 serialises its calls; read_trial inflates
  // chunks on every core) and hands each to its own analysis thread, so the trials
  // already read are analysed while the next is read, several at once on several
  // cores. At most `cores` trials wait in memory, read but not analysed.
  const unsigned cores = batch::default_jobs();
  analysis::set_analysis_threads(cores);  // a long trial's torque and velocity conditioned side by side
  std::vector<std::future<analysis::TrialAnalysis>> pending;
  pending.reserve(trials.size());
  std::size_t collected = 0;
  const auto collect_one = [&] { result.trials.push_back(pending[collected++].get()); };
  for (const auto& summary : trials) {
    while (pending.size() - collected >= cores) collect_one();
    // The analysis consumes the samples: torque and velocity are conditioned in the
    // buffers they were read into, not in copies.
    auto trial = std::make_shared<Trial>(store::read_trial(file, summary.info.id));
    pending.push_back(std::async(std::launch::async, [trial, &options, mass = result.body_mass_kg] {
      return analysis::analyze_trial(trial->info, std::move(trial->samples), mass, options);
    }));
  }
  while (collected < pending.size()) collect_one();
  analysis::compare_trials(result);
  return result;
}

void run_analyze(const AnalyzeArgs& args) {
  if (!(args.filter_hz >= 0)) throw InputError("--filter-hz must be 0 (off) or a positive frequency");
  if (!(args.window_tolerance_percent > 0 && args.window_tolerance_percent < 100))
    throw InputError("--window-tolerance must be a percentage between 0 and 100");
  const analysis::AnalysisOptions options = options_from(args);
  const analysis::SessionAnalysis result = analyze_file(args.file, options);
  // The JSON (15 000 repetitions in a long fatigue file) is built only when asked for.
  nlohmann::json json;
  if (args.json || args.write) json = analysis_json::to_json(result, program_version());
  if (args.json)
    fmt::print("{}\n", json.dump(2));
  else
    fmt::print("{}", analysis_json::format_report(result));
  if (args.write) {
    store::AnalysisRecord record;
    record.json = json.dump();
    record.parameters_json = analysis_json::parameters_json(options).dump();
    record.program = program_version();
    // The involved limb named here is a fact of the session: stored with the results,
    // so `report` and `progress` read it from the file.
    record.involved = options.involved;
    store::write_analysis_record(args.file, record);
    if (!args.json) fmt::print("\nStored under /analysis in {}\n", args.file);
  }
}

void setup(CLI::App& isokin) {
  auto args = std::make_shared<AnalyzeArgs>();
  auto* cmd = isokin.add_subcommand("analyze", "Peak torque, work, H:Q ratios, fatigue and symmetry of a session");
  cmd->add_option("FILE", args->file, "Session file (HDF5)")->required();
  cmd->add_flag("--json", args->json, "Print the results as JSON (schema isokin-analysis, docs/metrics.md)");
  cmd->add_flag("--no-gravity", args->no_gravity, "Do not correct torque for limb weight");
  cmd->add_option("--filter-hz", args->filter_hz, "Torque low-pass cut-off in Hz, 0 = off")
      ->capture_default_str()
      ->check(range(kFilterHz));
  cmd->add_option("--cutoffs", args->cutoffs,
                  "Cut-off rows (TOML) merged over the shipped table: a row with a shipped id replaces it, a new id "
                  "is added");
  cmd->add_option("--cutoffs-only", args->cutoffs_only, "Cut-off table (TOML) used instead of the shipped one");
  cmd->add_option("--window-tolerance", args->window_tolerance_percent,
                  "Isokinetic window: speed within this % of the preset")
      ->capture_default_str();
  cmd->add_option("--angles", args->angles, "Report torque at these angles (deg), e.g. 30,45,60");
  cmd->add_option("--involved", args->involved,
                  "Involved (injured, operated) limb: left, right or none (default: the session file's); every LSI "
                  "and deficit is involved / uninvolved; with --write it is stored in FILE")
      ->check(CLI::IsMember({"left", "right", "none"}));
  cmd->add_flag("--write", args->write, "Store the results (and --involved) in FILE under /analysis");
  cmd->callback([args] { run_analyze(*args); });
}

const CommandRegistration registration{"analyze", &setup};

}  // namespace
}  // namespace isokin::cli
