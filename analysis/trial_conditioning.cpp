#include "analysis/trial_conditioning.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <optional>
#include <utility>

#include "analysis/butterworth.hpp"
#include "analysis/gravity_correction.hpp"
#include "analysis/message_text.hpp"
#include "analysis/parallelism.hpp"

namespace isokin::analysis {
namespace {

double estimate_rate_hz(const TrialInfo& info, std::span<const double> time_s) {
  if (time_s.size() >= 2) {
    const double span = time_s.back() - time_s.front();
    if (std::isfinite(span) && span > 0) return static_cast<double>(time_s.size() - 1) / span;
  }
  if (info.measured_rate_hz > 0) return info.measured_rate_hz;
  return info.sample_rate_hz;
}

// Correlation of the velocity channel with the central difference of the angle.
double velocity_angle_correlation(std::span<const double> v, std::span<const double> angle) {
  double svd = 0, svv = 0, sdd = 0;
  for (std::size_t i = 1; i + 1 < v.size(); ++i) {
    const double d = angle[i + 1] - angle[i - 1];
    svd += v[i] * d;
    svv += v[i] * v[i];
    sdd += d * d;
  }
  if (svv <= 0 || sdd <= 0) return 0;
  return svd / std::sqrt(svv * sdd);
}

Column central_difference_deg_s(std::span<const double> angle, std::span<const double> time) {
  const std::size_t n = angle.size();
  Column v(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t lo = i == 0 ? 0 : i - 1;
    const std::size_t hi = i + 1 < n ? i + 1 : n - 1;
    const double dt = time[hi] - time[lo];
    v[i] = dt > 0 ? (angle[hi] - angle[lo]) / dt : 0.0;
  }
  return v;
}

// torque_corrected_nm from torque_nm (gravity-corrected when `horizontal` is given, a
// copy otherwise). Sample by sample, so a long trial's two halves go on two threads.
void write_corrected_torque(ConditionedTrial& c, std::optional<double> horizontal, bool parallel) {
  const std::size_t n = c.torque_nm.size();
  c.torque_corrected_nm.resize(n);
  const auto part = [&](std::size_t first, std::size_t last) {
    const std::span<const double> in = std::span<const double>(c.torque_nm).subspan(first, last - first);
    const std::span<double> out = std::span<double>(c.torque_corrected_nm).subspan(first, last - first);
    if (horizontal)
      correct_for_gravity(c.angle_deg.subspan(first, last - first), in, out, *horizontal);
    else
      std::copy(in.begin(), in.end(), out.begin());
  };
  run_parts(2, parallel, [&](std::size_t k) { k == 0 ? part(0, n / 2) : part(n / 2, n); });
}

}  // namespace

// True when every value is finite: x * 0 is NaN exactly for NaN and ±inf, and the
// branch-free sum over four lanes runs at memory speed.
bool all_finite(std::span<const double> x) {
  double lanes[4] = {0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 4 <= x.size(); i += 4)
    for (int k = 0; k < 4; ++k) lanes[k] += x[i + k] * 0.0;
  for (; i < x.size(); ++i) lanes[0] += x[i] * 0.0;
  return !std::isnan(lanes[0] + lanes[1] + lanes[2] + lanes[3]);
}

std::size_t bridge_non_finite(std::span<double> c) {
  if (all_finite(c)) return 0;
  const std::size_t n = c.size();
  std::size_t replaced = 0;
  std::size_t last_finite = n;  // none yet
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(c[i])) continue;
    if (last_finite == n) {
      for (std::size_t k = 0; k < i; ++k) c[k] = c[i];
      replaced += i;
    } else if (i > last_finite + 1) {
      const double a = c[last_finite], b = c[i];
      const double span = static_cast<double>(i - last_finite);
      for (std::size_t k = last_finite + 1; k < i; ++k) c[k] = a + (b - a) * static_cast<double>(k - last_finite) / span;
      replaced += i - last_finite - 1;
    }
    last_finite = i;
  }
  if (last_finite == n) return n;
  for (std::size_t k = last_finite + 1; k < n; ++k) c[k] = c[last_finite];
  return replaced + (n - 1 - last_finite);
}

void moving_average(std::span<double> c, std::size_t width) {
  const std::size_t n = c.size();
  const std::size_t half = width / 2;
  if (half == 0 || n < 2) return;
  // Running sum over [i - half, i + half], clipped at the ends; the ring keeps the
  // original values that leave the window (c is overwritten behind it). Its size is a
  // power of two above half, so a slot is an index masked, and the middle of the
  // channel, where the window is whole, runs without a branch. Every sum is added and
  // subtracted in the same order everywhere, so the values do not depend on where the
  // middle begins.
  std::size_t ring_size = 1;
  while (ring_size < half + 1) ring_size *= 2;
  const std::size_t mask = ring_size - 1;
  std::vector<double> ring(ring_size, 0.0);
  const double inverse_width = 1.0 / static_cast<double>(width);
  double sum = 0;
  std::size_t hi = 0;  // one past the last value added
  for (; hi < std::min(n, half); ++hi) sum += c[hi];
  const auto clipped_step = [&](std::size_t i) {
    if (hi < n) sum += c[hi++];
    const std::size_t lo = i >= half ? i - half : 0;
    const double original = c[i];
    const std::size_t count = hi - lo;
    c[i] = count == width ? sum * inverse_width : sum / static_cast<double>(count);
    ring[i & mask] = original;
    if (i >= half) sum -= ring[(i - half) & mask];
  };
  std::size_t i = 0;
  for (; i < std::min(n, half); ++i) clipped_step(i);
  if (n > 2 * half) {  // whole windows: i in [half, n - half)
    for (; i < n - half; ++i) {
      sum += c[i + half];
      const double original = c[i];
      c[i] = sum * inverse_width;
      ring[i & mask] = original;
      sum -= ring[(i - half) & mask];
    }
    hi = n;
  }
  for (; i < n; ++i) clipped_step(i);
}

ConditionedTrial condition_trial(const TrialInfo& info, const SampleSpan& samples, const AnalysisOptions& options,
                                 TrialAnalysis& result, SurrenderedColumns surrendered,
                                 const BesideTorqueFilter& beside_torque_filter) {
  ConditionedTrial c;
  c.time_s = samples.time_s;
  c.angle_deg = samples.angle_deg;
  const std::size_t n = samples.velocity_deg_s.size();
  if (n < 3) {
    c.velocity_deg_s.assign(samples.velocity_deg_s.begin(), samples.velocity_deg_s.end());
    c.torque_nm.assign(samples.torque_nm.begin(), samples.torque_nm.end());
    add_message(result, Severity::error, "no-movement", message_text("only %zu samples: nothing to analyse", n));
    return c;
  }

  const auto no_finite = [&] {
    add_message(result, Severity::error, "nan-samples", "a channel holds no finite sample: nothing to analyse");
    return std::move(c);
  };
  std::size_t bridged = 0;
  if (!all_finite(c.time_s)) {
    c.owned_time_s.assign(c.time_s.begin(), c.time_s.end());
    c.time_s = c.owned_time_s;
    const std::size_t r = bridge_non_finite(c.owned_time_s);
    if (r == n) return no_finite();
    bridged += r;
  }
  if (!all_finite(c.angle_deg)) {
    c.owned_angle_deg.assign(c.angle_deg.begin(), c.angle_deg.end());
    c.angle_deg = c.owned_angle_deg;
    const std::size_t r = bridge_non_finite(c.owned_angle_deg);
    if (r == n) return no_finite();
    bridged += r;
  }
  c.sample_rate_hz = estimate_rate_hz(info, c.time_s);
  const bool filter_possible = options.filter_hz > 0 && c.sample_rate_hz > 2 * options.filter_hz;
  const auto horizontal = info.gravity ? limb_torque_at_horizontal_nm(*info.gravity) : std::nullopt;
  const bool correct_gravity = options.gravity_correction && horizontal.has_value();

  // Torque (filter, gravity) and velocity (sign check, smoothing) are conditioned
  // independently of each other: on two threads for a long trial. Their messages are
  // added below, after both, in the order one thread adds them.
  std::size_t torque_bridged = 0;
  const auto condition_torque = [&] {
    if (surrendered.torque_nm)
      c.torque_nm = std::move(*surrendered.torque_nm);
    else
      c.torque_nm.assign(samples.torque_nm.begin(), samples.torque_nm.end());
    torque_bridged = bridge_non_finite(c.torque_nm);
    if (torque_bridged == n) return;
    if (filter_possible) {
      const auto f = design_butterworth_lowpass(options.filter_order, options.filter_hz, c.sample_rate_hz);
      filtfilt(f, c.torque_nm, c.torque_nm);
    }
  };
  const bool parallel = analysis_threads() > 1 && n >= kParallelConditioningMinSamples;
  std::future<void> torque_done;
  if (parallel)
    torque_done = std::async(std::launch::async, condition_torque);
  else
    condition_torque();

  // Velocity: it must follow d(angle)/dt. A reversed channel (wrong sign convention
  // in an import) is flipped; an empty one (all zeros) is derived from the angle.
  // An isometric trial holds the angle: there is no d(angle)/dt to check against.
  enum class VelocityFix { none, derived, flipped } velocity_fix = VelocityFix::none;
  if (surrendered.velocity_deg_s)
    c.velocity_deg_s = std::move(*surrendered.velocity_deg_s);
  else
    c.velocity_deg_s.assign(samples.velocity_deg_s.begin(), samples.velocity_deg_s.end());
  const std::size_t velocity_bridged = bridge_non_finite(c.velocity_deg_s);
  if (velocity_bridged != n) {
    double sum_sq = 0;
    for (double v : c.velocity_deg_s) sum_sq += v * v;
    const bool moving = info.mode != TestMode::isometric;
    if (moving && sum_sq == 0) {
      c.velocity_deg_s = central_difference_deg_s(c.angle_deg, c.time_s);
      velocity_fix = VelocityFix::derived;
    } else if (moving && velocity_angle_correlation(c.velocity_deg_s, c.angle_deg) < -0.5) {
      for (double& v : c.velocity_deg_s) v = -v;
      velocity_fix = VelocityFix::flipped;
    }
    if (options.velocity_smoothing_s > 0 && c.sample_rate_hz > 0) {
      const auto half = static_cast<std::size_t>(std::lround(0.5 * options.velocity_smoothing_s * c.sample_rate_hz));
      if (half > 0) moving_average(c.velocity_deg_s, 2 * half + 1);
    }
    if (beside_torque_filter) beside_torque_filter(c);
  }
  // The corrected torque's fresh memory is first touched here, beside the filter (on a
  // VM a page fault costs more than the filter's work on that page).
  if (parallel) {
    c.torque_corrected_nm.resize(n);
    take_page_faults(c.torque_corrected_nm);
  }
  if (torque_done.valid()) torque_done.get();

  if (velocity_bridged == n || torque_bridged == n) return no_finite();
  write_corrected_torque(c, correct_gravity ? horizontal : std::nullopt, parallel);
  bridged += velocity_bridged + torque_bridged;
  if (bridged > 0)
    add_message(result, Severity::warning, "nan-samples",
        message_text("%zu NaN or infinite values were bridged by linear interpolation", bridged));
  if (velocity_fix == VelocityFix::derived) {
    add_message(result, Severity::warning, "velocity-sign", "the velocity channel is all zero: velocity derived from the angle");
  } else if (velocity_fix == VelocityFix::flipped) {
    result.velocity_sign_flipped = true;
    add_message(result, Severity::warning, "velocity-sign",
        "the velocity channel runs against d(angle)/dt (wrong sign convention): its sign was flipped");
  }

  if (options.filter_hz > 0) {
    if (!filter_possible) {
      add_message(result, Severity::warning, "filter-skipped",
          message_text("sample rate %.1f Hz is too low for a %.1f Hz low-pass: signals left unfiltered",
                      c.sample_rate_hz, options.filter_hz));
    } else {
      result.filter_hz = options.filter_hz;
    }
  }

  if (info.gravity) {
    result.gravity_torque_nm = std::abs(info.gravity->torque_nm);
    result.gravity_angle_deg = info.gravity->angle_deg;
  }
  if (options.gravity_correction) {
    if (!info.gravity) {
      add_message(result, Severity::info, "no-gravity", "no limb weight was recorded: torques are not gravity-corrected");
    } else if (correct_gravity) {
      result.gravity_corrected = true;
    } else {
      add_message(result, Severity::warning, "gravity-angle",
          message_text("limb weighed at %.1f deg, too close to vertical to scale: torques are not gravity-corrected",
                      info.gravity->angle_deg));
    }
  }
  c.usable = true;
  return c;
}

void flip_torque_sign(ConditionedTrial& c, const TrialInfo& info, TrialAnalysis& result) {
  for (double& t : c.torque_nm) t = -t;
  const auto horizontal =
      result.gravity_corrected && info.gravity ? limb_torque_at_horizontal_nm(*info.gravity) : std::nullopt;
  write_corrected_torque(c, horizontal, analysis_threads() > 1 && c.torque_nm.size() >= kParallelConditioningMinSamples);
  result.torque_sign_flipped = true;
}

}  // namespace isokin::analysis
