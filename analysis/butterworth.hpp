// Zero-phase low-pass Butterworth filtering, matching scipy.signal's
// butter(order, cutoff_hz, fs=sample_rate_hz) + filtfilt(b, a, x) (padtype "odd",
// padlen = 3 * max(len(a), len(b)), initial conditions from lfilter_zi) to ~1e-12,
// so that a researcher's numpy script and isokin agree on every filtered number
// (tests/analysis/filter_vs_scipy checks it).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace isokin::analysis {

// Transfer function b/a, a[0] == 1, both of length order + 1.
struct FilterCoefficients {
  std::vector<double> b;
  std::vector<double> a;
};

// Digital low-pass Butterworth by the bilinear transform with pre-warping (as
// scipy.signal.butter). Requires 1 <= order <= 8 and 0 < cutoff < sample_rate / 2;
// throws std::invalid_argument otherwise.
FilterCoefficients design_butterworth_lowpass(int order, double cutoff_hz, double sample_rate_hz);

// lfilter_zi: the steady-state of the transposed direct form II for a unit step.
std::vector<double> steady_state_initial_conditions(const FilterCoefficients& filter);

// Forward-backward filtering with odd extension of padlen samples at each end.
// padlen is 3 * (order + 1) like scipy, reduced to size - 1 for short inputs (scipy
// refuses those). `out` may alias `in`. Inputs of fewer than 2 samples are copied.
void filtfilt(const FilterCoefficients& filter, std::span<const double> in, std::span<double> out);
std::vector<double> filtfilt(const FilterCoefficients& filter, std::span<const double> in);

}  // namespace isokin::analysis
