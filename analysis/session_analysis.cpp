// analyze_session: every trial, then the ratios and the bilateral comparison.
#include "analysis/session_analysis.hpp"

#include <cmath>

#include "analysis/bilateral_comparison.hpp"
#include "analysis/hq_ratios.hpp"

namespace isokin::analysis {

void compare_trials(SessionAnalysis& analysis) {
  analysis.ratios = compute_hq_ratios(analysis.trials, analysis.options.cutoffs);
  analysis.bilateral = compare_sides(analysis.trials, analysis.options.cutoffs, analysis.options.involved_side);
}

SessionAnalysis analyze_session(const Session& session, const AnalysisOptions& options) {
  SessionAnalysis a;
  a.subject_id = session.info.subject.id;
  a.body_mass_kg = session.info.subject.body_mass_kg;
  a.options = options;
  if (!(std::isfinite(a.body_mass_kg) && a.body_mass_kg > 0))
    a.messages.push_back({Severity::info, "no-body-mass", "", "body mass unknown: no values per kg"});
  for (const auto& trial : session.trials)
    a.trials.push_back(analyze_trial(trial.info, trial.samples.span(), a.body_mass_kg, options));
  compare_trials(a);
  return a;
}

}  // namespace isokin::analysis
