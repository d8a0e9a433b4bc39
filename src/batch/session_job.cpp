#include "batch/session_job.hpp"

#include <fmt/format.h>

#include <cmath>

#include "analysis_json/cutoff_file.hpp"
#include "model/error.hpp"
#include "store/session_store.hpp"

namespace isokin::batch {

analysis::AnalysisOptions analysis_options(const AnalysisFlags& flags) {
  if (!(flags.filter_hz >= 0)) throw InputError("--filter-hz must be 0 (off) or a positive frequency");
  analysis::AnalysisOptions options;
  options.gravity_correction = !flags.no_gravity;
  options.filter_hz = flags.filter_hz;
  options.cutoffs = analysis_json::cutoff_table_for(flags.cutoffs, flags.cutoffs_only);
  if (!flags.involved.empty()) {
    const auto involved = parse_involved_side(flags.involved);
    if (!involved || *involved == InvolvedSide::unknown)
      throw InputError(fmt::format("--involved: '{}' is not left, right or none", flags.involved));
    options.involved = *involved;
  }
  return options;
}

AnalysedSession read_and_analyze(const std::filesystem::path& file, const analysis::AnalysisOptions& options,
                                 const store::TrialListCheck& before_samples) {
  AnalysedSession result;
  result.session = before_samples ? store::read_session(file, before_samples) : store::read_session(file);
  result.analysis = analysis::analyze_session(result.session, options);
  return result;
}

void check_complete(const std::filesystem::path& file, const std::vector<store::TrialSummary>& trials) {
  if (trials.empty()) throw Error(file.string() + ": the session holds no trial: nothing to analyse");
  for (const auto& trial : trials) {
    if (trial.unfinished)
      throw Error(fmt::format("{}: trial '{}' was never finished (recording still running, or killed: isokin "
                              "recover the file first)",
                              file.string(), trial.info.id));
    if (trial.sample_count == 0)
      throw Error(fmt::format("{}: trial '{}' holds no sample", file.string(), trial.info.id));
  }
}

FileAnalysis analyze_for_batch(const std::filesystem::path& file, const analysis::AnalysisOptions& options) {
  // One open for the check and the read: opening a session (schema and self-containment
  // checks) is 7 % of a small file's work.
  AnalysedSession analysed = read_and_analyze(
      file, options, [&](const std::vector<store::TrialSummary>& trials) { check_complete(file, trials); });
  FileAnalysis result;
  result.date = analysed.session.info.date;
  analysed.session.trials.clear();
  result.tables = session_tables(analysed.analysis);
  return result;
}

}  // namespace isokin::batch
