// analyze_session: every trial, then the ratios and the bilateral comparison.
#include "analysis/session_analysis.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/bilateral_comparison.hpp"
#include "analysis/hq_ratios.hpp"

namespace isokin::analysis {

void compare_trials(SessionAnalysis& analysis) {
  if (analysis.options.involved) analysis.involved = *analysis.options.involved;
  analysis.ratios = compute_hq_ratios(analysis.trials, analysis.options.cutoffs);
  analysis.reference_side = analysis.options.reference_side;
  const auto limb = involved_limb(analysis.involved);
  analysis.bilateral = compare_sides(analysis.trials, analysis.options.cutoffs, limb, analysis.reference_side);
  if (limb) analysis.reference_side.reset();
}

std::vector<Cutoff> applied_cutoffs(const SessionAnalysis& analysis) {
  std::vector<std::string> ids;
  const auto use = [&](const std::optional<Cutoff>& c) {
    if (c) ids.push_back(c->id);
  };
  for (const auto& r : analysis.ratios) use(r.cutoff);
  for (const auto& b : analysis.bilateral) {
    use(b.deficit_cutoff);
    use(b.lsi_cutoff);
  }
  bool cv = false;
  for (const auto& t : analysis.trials)
    for (const auto& e : t.efforts) cv |= std::isfinite(e.summary.cv_cutoff_percent);
  std::vector<Cutoff> out;
  for (const auto& row : analysis.options.cutoffs.rows) {
    const bool used = std::find(ids.begin(), ids.end(), row.id) != ids.end() || (cv && row.kind == CutoffKind::cv);
    if (used) out.push_back(row);
  }
  return out;
}

std::string_view involved_side_caveat(InvolvedSide involved) {
  switch (involved) {
    case InvolvedSide::unknown: return "involved side not given";
    case InvolvedSide::none: return "no involved side (both limbs healthy)";
    default: return "";
  }
}

SessionAnalysis analyze_session(const Session& session, const AnalysisOptions& options) {
  SessionAnalysis a;
  a.subject_id = session.info.subject.id;
  a.body_mass_kg = session.info.subject.body_mass_kg;
  a.options = options;
  a.involved = options.involved.value_or(session.info.involved);
  if (!(std::isfinite(a.body_mass_kg) && a.body_mass_kg > 0))
    a.messages.push_back({Severity::info, "no-body-mass", "", "body mass unknown: no values per kg"});
  for (const auto& trial : session.trials)
    a.trials.push_back(analyze_trial(trial.info, trial.samples.span(), a.body_mass_kg, options));
  compare_trials(a);
  return a;
}

}  // namespace isokin::analysis
