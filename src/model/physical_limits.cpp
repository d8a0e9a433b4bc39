#include "model/physical_limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "model/text_policy.hpp"

namespace isokin::limits {
namespace {

std::optional<std::string> channel_problem(const char* name, std::span<const double> values, const Range& range) {
  if (all_within(values, range)) return std::nullopt;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (auto problem = out_of_range(values[i], range)) return fmt::format("{} sample {}: {}", name, i, *problem);
  return std::nullopt;
}

std::optional<std::string> named(const char* name, double value, const Range& range) {
  if (auto problem = out_of_range(value, range)) return fmt::format("{}: {}", name, *problem);
  return std::nullopt;
}

std::optional<std::string> channels_problem(const SampleColumns& s) {
  if (auto p = channel_problem("torque", s.torque_nm, kTorqueNm)) return p;
  if (auto p = channel_problem("angle", s.angle_deg, kAngleDeg)) return p;
  if (auto p = channel_problem("velocity", s.velocity_deg_s, kVelocityDegS)) return p;
  return std::nullopt;
}

}  // namespace

// One branch-free pass (NaN fails both comparisons); the messages come from the exact
// loop of channel_problem, run only when this finds something.
bool all_within(std::span<const double> values, const Range& range) {
  if (!(std::isfinite(range.min) && std::isfinite(range.max))) return false;
  std::size_t i = 0;
  bool inside = true;
#if defined(__SSE2__)
  // Two samples per compare (every x86-64 has SSE2); "not >=" and "not <=" are true for NaN.
  const __m128d lo = _mm_set1_pd(range.min), hi = _mm_set1_pd(range.max);
  __m128d outside = _mm_setzero_pd();
  for (; i + 4 <= values.size(); i += 4) {
    const __m128d a = _mm_loadu_pd(values.data() + i), b = _mm_loadu_pd(values.data() + i + 2);
    outside = _mm_or_pd(outside, _mm_or_pd(_mm_or_pd(_mm_cmpnge_pd(a, lo), _mm_cmpnle_pd(a, hi)),
                                           _mm_or_pd(_mm_cmpnge_pd(b, lo), _mm_cmpnle_pd(b, hi))));
  }
  inside = _mm_movemask_pd(outside) == 0;
#endif
  for (; i < values.size(); ++i) inside = inside && values[i] >= range.min && values[i] <= range.max;
  return inside;
}

// Whether time is finite and strictly increasing and every step's rate lies in
// kSampleRateHz, in one pass and without the median's copy of the steps: the median
// step lies between the smallest and the largest, and 1/x is monotone, so when both
// extremes give a rate in range the median's rate is in range too. A false answer
// only sends the caller to the exact checks.
bool time_plainly_valid(const TimeStretch& t) {
  if (t.count < 2 || !t.increasing || !std::isfinite(t.first) || !std::isfinite(t.last)) return false;
  const double fastest_hz = 1.0 / t.min_step, slowest_hz = 1.0 / t.max_step;
  return !out_of_range(fastest_hz, kSampleRateHz) && !out_of_range(slowest_hz, kSampleRateHz);
}

TimeStretch time_stretch(std::span<const double> t) {
  TimeStretch r;
  r.count = t.size();
  if (t.empty()) return r;
  r.first = t.front();
  r.last = t.back();
  if (t.size() < 2) return r;
  bool increasing = true;
  double min_step = t[1] - t[0], max_step = min_step;
  std::size_t i = 1;
#if defined(__SSE2__)
  // Two steps per instruction. With a NaN the lanes' minimum may differ from the
  // scalar one, but then `increasing` is false and the steps are not used.
  __m128d lo = _mm_set1_pd(min_step), hi = lo, rising = _mm_castsi128_pd(_mm_set1_epi32(-1));
  for (; i + 2 <= t.size(); i += 2) {
    const __m128d now = _mm_loadu_pd(t.data() + i), before = _mm_loadu_pd(t.data() + i - 1);
    const __m128d step = _mm_sub_pd(now, before);
    lo = _mm_min_pd(lo, step);
    hi = _mm_max_pd(hi, step);
    rising = _mm_and_pd(rising, _mm_cmpgt_pd(now, before));
  }
  double lanes[2];
  _mm_storeu_pd(lanes, lo);
  min_step = std::min(lanes[0], lanes[1]);
  _mm_storeu_pd(lanes, hi);
  max_step = std::max(lanes[0], lanes[1]);
  increasing = _mm_movemask_pd(rising) == 3;
#endif
  for (; i < t.size(); ++i) {
    const double step = t[i] - t[i - 1];
    increasing &= t[i] > t[i - 1];  // false for NaN; finite ends and strict increase leave no infinity
    min_step = std::min(min_step, step);
    max_step = std::max(max_step, step);
  }
  r.increasing = increasing;
  r.min_step = min_step;
  r.max_step = max_step;
  return r;
}

TimeStretch join(const TimeStretch& a, const TimeStretch& b) {
  if (a.count == 0) return b;
  if (b.count == 0) return a;
  TimeStretch r;
  r.count = a.count + b.count;
  r.first = a.first;
  r.last = b.last;
  const double step = b.first - a.last;
  r.increasing = a.increasing && b.increasing && b.first > a.last;
  r.min_step = step;
  r.max_step = step;
  if (a.count >= 2) {
    r.min_step = std::min(r.min_step, a.min_step);
    r.max_step = std::max(r.max_step, a.max_step);
  }
  if (b.count >= 2) {
    r.min_step = std::min(r.min_step, b.min_step);
    r.max_step = std::max(r.max_step, b.max_step);
  }
  return r;
}

std::optional<std::string> out_of_range(double value, const Range& range) {
  if (std::isfinite(value) && value >= range.min && value <= range.max) return std::nullopt;
  return fmt::format("value {:.6g} {} outside {:g}..{:g} {}", value, range.unit, range.min, range.max, range.unit);
}

std::optional<std::string> samples_problem(const SampleColumns& s) {
  const std::size_t n = s.time_s.size();
  if (s.torque_nm.size() != n || s.angle_deg.size() != n || s.velocity_deg_s.size() != n ||
      (!s.host_time_s.empty() && s.host_time_s.size() != n))
    return fmt::format("channels differ in length (time {}, torque {}, angle {}, velocity {})", n, s.torque_nm.size(),
                       s.angle_deg.size(), s.velocity_deg_s.size());
  if (time_plainly_valid(time_stretch(s.time_s))) return channels_problem(s);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(s.time_s[i])) return fmt::format("time sample {}: value {} is not a number", i, s.time_s[i]);
    if (i > 0 && !(s.time_s[i] > s.time_s[i - 1]))
      return fmt::format("time sample {}: {:.9g} s does not follow {:.9g} s (times must increase strictly)", i,
                         s.time_s[i], s.time_s[i - 1]);
  }
  if (n >= 2) {
    // The typical spacing, not the mean: a gap (device silent) must not make the rate implausible.
    std::vector<double> steps(n - 1);
    for (std::size_t i = 1; i < n; ++i) steps[i - 1] = s.time_s[i] - s.time_s[i - 1];
    auto middle = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2);
    std::nth_element(steps.begin(), middle, steps.end());
    if (auto problem = out_of_range(1.0 / *middle, kSampleRateHz))
      return fmt::format("time: sample rate {}", *problem);
  }
  return channels_problem(s);
}

std::optional<std::string> trial_info_problem(const TrialInfo& info) {
  if (auto p = id_problem(info.id)) return fmt::format("trial id '{}' {}", printable(info.id), *p);
  const Range preset{0, kVelocityDegS.max, "deg/s"};
  if (auto p = named("velocity_ext_deg_s", info.velocity_ext_deg_s, preset)) return p;
  if (auto p = named("velocity_flex_deg_s", info.velocity_flex_deg_s, preset)) return p;
  const Range rate_or_unknown{0, kSampleRateHz.max, "Hz"};  // 0 = not known
  if (auto p = named("sample_rate_hz", info.sample_rate_hz, rate_or_unknown)) return p;
  if (auto p = named("measured_rate_hz", info.measured_rate_hz, rate_or_unknown)) return p;
  if (auto p = named("rom_min_deg", info.rom_min_deg, kAngleDeg)) return p;
  if (auto p = named("rom_max_deg", info.rom_max_deg, kAngleDeg)) return p;
  if (info.reps_requested < 0 || info.reps_requested > 1000)
    return fmt::format("reps_requested: value {} outside 0..1000", info.reps_requested);
  if (info.gravity) {
    if (auto p = named("gravity_torque_nm", info.gravity->torque_nm, kGravityTorqueNm)) return p;
    if (auto p = named("gravity_angle_deg", info.gravity->angle_deg, kGravityAngleDeg)) return p;
  }
  for (const auto& [name, text] : {std::pair{"joint", &info.joint}, {"source", &info.source},
                                   {"device_model", &info.device_model}, {"device_serial", &info.device_serial},
                                   {"device_firmware", &info.device_firmware}, {"started_at", &info.started_at}})
    if (auto p = free_text_problem(*text, false)) return fmt::format("{} {}", name, *p);
  return std::nullopt;
}

std::optional<std::string> session_info_problem(const SessionInfo& info) {
  if (!info.subject.id.empty())
    if (auto p = id_problem(info.subject.id)) return fmt::format("subject id '{}' {}", printable(info.subject.id), *p);
  if (!std::isnan(info.subject.body_mass_kg))
    if (auto p = named("body_mass_kg", info.subject.body_mass_kg, kBodyMassKg)) return p;
  if (auto p = free_text_problem(info.notes, true)) return fmt::format("notes {}", *p);
  if (auto p = free_text_problem(info.protocol, false)) return fmt::format("protocol {}", *p);
  if (auto p = free_text_problem(info.date, false)) return fmt::format("date {}", *p);
  return std::nullopt;
}

}  // namespace isokin::limits
