// Isometric trials: the lever is held at one angle and the athlete pushes (extension,
// quadriceps, torque > 0) or pulls (flexion, hamstrings, torque < 0) against it. There
// is no movement to segment, so contractions are found in the torque itself.
//
// A contraction is a run of gravity-corrected torque beyond a threshold (10 % of the
// trial's largest |torque|, at least 5 N·m) lasting at least 0.3 s; runs of one sign
// closer than 0.1 s are one contraction. Its onset is the last sample before the run
// at or below 2.5 % of the contraction's peak (at least 2 N·m), so time to peak counts
// the whole rise. Work and power do not apply (no displacement): NaN, null in JSON.
// docs/metrics.md, "Isometric trials".
#pragma once

#include "analysis/session_analysis.hpp"
#include "analysis/trial_conditioning.hpp"

namespace isokin::analysis {

struct IsometricContraction {
  Muscle muscle = Muscle::quadriceps;
  SampleRange samples;  // onset to release (first sample back under the threshold)
};

// The contractions of a conditioned isometric trial, in time order.
std::vector<IsometricContraction> find_isometric_contractions(const ConditionedTrial& trial);

// Fills `result` (efforts, reps_found, messages) for an isometric trial.
void analyze_isometric_trial(const ConditionedTrial& trial, double body_mass_kg, const AnalysisOptions& options,
                             TrialAnalysis& result);

}  // namespace isokin::analysis
