#include "analysis/hq_ratios.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/effort_index.hpp"
#include "analysis/fatigue_curve.hpp"

namespace isokin::analysis {
namespace {

double ratio(double h, double q) { return (std::isfinite(h) && std::isfinite(q) && q > 0) ? h / q : kNaN; }

// The row is compared with the value on its basis only: an uncorrected cut-off with
// the uncorrected ratio, a corrected one with the corrected ratio (find_cutoff never
// offers a corrected row for an uncorrected trial). A ratio that could not be
// computed is not judged: no cut-off, no "ok".
void judge(HqRatio& r, const Cutoff* c) {
  if (!c) return;
  const bool uncorrected = c->basis == CutoffBasis::uncorrected;
  const double compared = uncorrected ? r.value_uncorrected : r.value;
  if (!std::isfinite(compared)) return;
  r.cutoff = *c;
  r.compared_value = compared;
  r.compared_uncorrected = uncorrected || !r.gravity_corrected;
  r.flag = is_flagged(*c, compared);
}

// Angle-specific curve: H(θ)/Q(θ) where both mean curves have a value and Q is at
// least 5 % of its peak (near-zero quadriceps torque makes the ratio meaningless).
void angle_specific(const EffortAnalysis& h, const EffortAnalysis& q, HqRatio& r) {
  const double q_peak = q.summary.peak_torque_nm;
  for (std::size_t i = 0; i < h.curve_angles_deg.size(); ++i) {
    for (std::size_t j = 0; j < q.curve_angles_deg.size(); ++j) {
      if (std::abs(h.curve_angles_deg[i] - q.curve_angles_deg[j]) > 1e-9) continue;
      const double qv = q.curve_torque_nm[j];
      if (!(qv >= 0.05 * q_peak) || !std::isfinite(h.curve_torque_nm[i])) continue;
      r.angles_deg.push_back(h.curve_angles_deg[i]);
      r.values.push_back(h.curve_torque_nm[i] / qv);
      r.values_uncorrected.push_back(ratio(h.curve_torque_uncorrected_nm[i], q.curve_torque_uncorrected_nm[j]));
    }
  }
}

void per_repetition(const TrialAnalysis& t, std::vector<HqRatio>& out) {
  const EffortAnalysis* h = nullptr;
  const EffortAnalysis* q = nullptr;
  for (const auto& e : t.efforts) {
    if (e.contraction != Contraction::concentric) continue;
    (e.muscle == Muscle::hamstrings ? h : q) = &e;
  }
  if (!h || !q) return;
  HqRatio r;
  r.side = t.side;
  r.kind = RatioKind::per_repetition;
  r.velocity_deg_s = t.velocity_deg_s;
  r.trial_id = t.id;
  r.gravity_corrected = t.gravity_corrected;
  // Quadriceps repetitions by number (stable: equal numbers keep their order), so that
  // a 7 000-repetition fatigue set pairs in n log n, not n squared.
  std::vector<const RepetitionMetrics*> q_by_number;
  for (const auto& qr : q->reps)
    if (!qr.cut_short) q_by_number.push_back(&qr);
  std::stable_sort(q_by_number.begin(), q_by_number.end(),
                   [](const RepetitionMetrics* a, const RepetitionMetrics* b) { return a->repetition < b->repetition; });
  std::vector<double> reps;
  for (const auto& hr : h->reps) {
    if (hr.cut_short) continue;
    auto qr = std::lower_bound(q_by_number.begin(), q_by_number.end(), hr.repetition,
                               [](const RepetitionMetrics* a, int number) { return a->repetition < number; });
    for (; qr != q_by_number.end() && (*qr)->repetition == hr.repetition; ++qr) {
      reps.push_back(hr.repetition);
      r.values.push_back(ratio(hr.peak_torque_nm, (*qr)->peak_torque_nm));
      r.values_uncorrected.push_back(ratio(hr.peak_torque_uncorrected_nm, (*qr)->peak_torque_uncorrected_nm));
    }
  }
  if (r.values.size() < 2) return;
  r.trend = fit_linear(reps, r.values);
  out.push_back(std::move(r));
}

}  // namespace

std::vector<HqRatio> compute_hq_ratios(const std::vector<TrialAnalysis>& trials, const CutoffTable& cutoffs) {
  std::vector<HqRatio> out;
  const auto best = best_efforts(trials);
  for (const Side side : {Side::left, Side::right}) {
    // Conventional (and its angle-specific curve): Hcon and Qcon at the same velocity.
    for (const auto& [key, h] : best) {
      const auto& [s, muscle, contraction, v] = key;
      if (s != side || muscle != Muscle::hamstrings || contraction != Contraction::concentric) continue;
      const auto q = best.find(effort_key(side, Muscle::quadriceps, Contraction::concentric, static_cast<double>(v)));
      if (q == best.end()) continue;
      HqRatio r;
      r.side = side;
      r.kind = RatioKind::conventional;
      r.velocity_deg_s = h.effort->velocity_deg_s;
      r.hamstrings_nm = h.effort->summary.peak_torque_nm;
      r.quadriceps_nm = q->second.effort->summary.peak_torque_nm;
      r.value = ratio(r.hamstrings_nm, r.quadriceps_nm);
      r.value_uncorrected =
          ratio(h.effort->summary.peak_torque_uncorrected_nm, q->second.effort->summary.peak_torque_uncorrected_nm);
      r.gravity_corrected = h.trial->gravity_corrected && q->second.trial->gravity_corrected;
      judge(r, find_cutoff(cutoffs, CutoffKind::conventional, r.velocity_deg_s, kNaN, r.gravity_corrected));
      out.push_back(r);

      HqRatio a;
      a.side = side;
      a.kind = RatioKind::angle_specific;
      a.velocity_deg_s = r.velocity_deg_s;
      a.gravity_corrected = r.gravity_corrected;
      angle_specific(*h.effort, *q->second.effort, a);
      if (!a.values.empty()) out.push_back(std::move(a));
    }
    // Functional: every eccentric hamstrings velocity with every concentric quadriceps one.
    for (const auto& [hkey, h] : best) {
      if (std::get<0>(hkey) != side || std::get<1>(hkey) != Muscle::hamstrings ||
          std::get<2>(hkey) != Contraction::eccentric)
        continue;
      for (const auto& [qkey, q] : best) {
        if (std::get<0>(qkey) != side || std::get<1>(qkey) != Muscle::quadriceps ||
            std::get<2>(qkey) != Contraction::concentric)
          continue;
        HqRatio r;
        r.side = side;
        r.kind = RatioKind::functional;
        r.hamstrings_contraction = Contraction::eccentric;
        r.hamstrings_velocity_deg_s = h.effort->velocity_deg_s;
        r.quadriceps_velocity_deg_s = q.effort->velocity_deg_s;
        r.hamstrings_nm = h.effort->summary.peak_torque_nm;
        r.quadriceps_nm = q.effort->summary.peak_torque_nm;
        r.value = ratio(r.hamstrings_nm, r.quadriceps_nm);
        r.value_uncorrected =
            ratio(h.effort->summary.peak_torque_uncorrected_nm, q.effort->summary.peak_torque_uncorrected_nm);
        r.gravity_corrected = h.trial->gravity_corrected && q.trial->gravity_corrected;
        judge(r, find_cutoff(cutoffs, CutoffKind::functional, r.hamstrings_velocity_deg_s,
                             r.quadriceps_velocity_deg_s, r.gravity_corrected));
        out.push_back(r);
      }
    }
    for (const auto& t : trials)
      if (t.side == side) per_repetition(t, out);
    // Isometric: H and Q held at the same angle (one trial holds one angle). No cut-off
    // row is shipped for it: the literature's values depend on the angle.
    for (const auto& t : trials) {
      if (t.side != side || t.mode != TestMode::isometric) continue;
      const EffortAnalysis* h = nullptr;
      const EffortAnalysis* q = nullptr;
      for (const auto& e : t.efforts) (e.muscle == Muscle::hamstrings ? h : q) = &e;
      if (!h || !q || h->reps.empty()) continue;
      HqRatio r;
      r.side = side;
      r.kind = RatioKind::isometric;
      r.velocity_deg_s = 0;
      r.angle_deg = h->reps.front().angle_at_peak_deg;
      r.hamstrings_contraction = Contraction::isometric;
      r.trial_id = t.id;
      r.hamstrings_nm = h->summary.peak_torque_nm;
      r.quadriceps_nm = q->summary.peak_torque_nm;
      r.value = ratio(r.hamstrings_nm, r.quadriceps_nm);
      r.value_uncorrected = ratio(h->summary.peak_torque_uncorrected_nm, q->summary.peak_torque_uncorrected_nm);
      r.gravity_corrected = t.gravity_corrected;
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace isokin::analysis
