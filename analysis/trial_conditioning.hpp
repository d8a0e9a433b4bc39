// Signal conditioning of one trial before segmentation: bridge non-finite samples,
// check the velocity channel against d(angle)/dt, low-pass filter torque (zero-phase
// Butterworth), smooth velocity (centred moving average), and correct torque for gravity. Problems become messages
// in `result`; the result's conditioning fields (filter_hz, gravity_*) are filled.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

struct ConditionedTrial {
  // Time and angle as recorded: views of the input, or of owned copies when NaNs had
  // to be bridged (a 10-million-sample trial is not copied for nothing).
  std::span<const double> time_s;
  std::span<const double> angle_deg;
  Column owned_time_s;
  Column owned_angle_deg;
  Column velocity_deg_s;       // smoothed (moving average), sign checked
  Column torque_nm;            // filtered, NOT gravity-corrected
  Column torque_corrected_nm;  // filtered and gravity-corrected (== torque_nm when not corrected)
  bool usable = false;

  ConditionedTrial() = default;
  ConditionedTrial(ConditionedTrial&&) = default;             // vectors keep their buffers: views stay valid
  ConditionedTrial(const ConditionedTrial&) = delete;         // a copy would view the original's buffers
  ConditionedTrial& operator=(const ConditionedTrial&) = delete;                      // false: nothing to analyse (empty, all NaN)
  double sample_rate_hz = 0;
};

// Channels the caller gives up to the conditioning: when set, the vector (holding the
// values `samples` views) becomes the conditioned channel instead of a copy of it, so a
// long trial's torque and velocity are not copied into fresh memory (its page faults
// cost more than the filter). The caller must not read them afterwards.
struct SurrenderedColumns {
  Column* torque_nm = nullptr;
  Column* velocity_deg_s = nullptr;
};

// Work on the conditioned angle and velocity alone (segmentation) that runs while the
// torque is still being filtered: on a long trial the filter has a thread of its own,
// and this fills the other one. Called once, when the velocity holds finite values.
using BesideTorqueFilter = std::function<void(const ConditionedTrial&)>;

ConditionedTrial condition_trial(const TrialInfo& info, const SampleSpan& samples, const AnalysisOptions& options,
                                 TrialAnalysis& result, SurrenderedColumns surrendered = {},
                                 const BesideTorqueFilter& beside_torque_filter = {});

// Negates the torque (a reversed sign convention) and redoes the gravity correction
// on it when the trial was corrected; sets result.torque_sign_flipped.
void flip_torque_sign(ConditionedTrial& c, const TrialInfo& info, TrialAnalysis& result);

// Replaces non-finite values by linear interpolation between their finite
// neighbours (the nearest finite value at the ends). Returns how many were replaced;
// when no value is finite, leaves the column alone and returns its size.
std::size_t bridge_non_finite(std::span<double> column);

bool all_finite(std::span<const double> column);

// Centred moving average over `width` samples (odd; shrinks at the ends), in place.
void moving_average(std::span<double> column, std::size_t width);

}  // namespace isokin::analysis
