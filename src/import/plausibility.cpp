#include "import/plausibility.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "import/movement_signs.hpp"
#include "model/error.hpp"

namespace isokin::import {

double median_rate_hz(const SampleColumns& s) {
  std::vector<double> steps;
  for (std::size_t i = 1; i < s.time_s.size(); ++i) steps.push_back(s.time_s[i] - s.time_s[i - 1]);
  if (steps.empty()) return 0;
  std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
  const double step = steps[steps.size() / 2];
  return step > 0 ? 1.0 / step : 0;
}

std::vector<std::string> check_plausibility(const SampleColumns& s, const std::string& file, const PlausibilityContext& c) {
  const std::size_t n = s.time_s.size();
  if (s.torque_nm.size() != n || s.angle_deg.size() != n || s.velocity_deg_s.size() != n)
    throw InputError(fmt::format("{}: channels of unequal length (time {}, torque {}, angle {}, velocity {})", file, n,
                                 s.torque_nm.size(), s.angle_deg.size(), s.velocity_deg_s.size()));
  if (n < 2) throw InputError(fmt::format("{}: {} samples: a trial needs at least two", file, n));
  struct Channel {
    const char* name;
    const Column* values;
    double limit;
    const char* unit;
    const char* cause;
  };
  const Channel channels[] = {
      {"torque", &s.torque_nm, kMaxTorqueNm, "N·m", "torque looks like 1/10 N·m or N·cm read as N·m"},
      {"angle", &s.angle_deg, kMaxAngleDeg, "deg", "angle looks like 1/10 deg read as deg"},
      {"velocity", &s.velocity_deg_s, kMaxVelocityDegS, "deg/s", "velocity looks like 1/10 deg/s read as deg/s"}};
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(s.time_s[i])) throw InputError(fmt::format("{}: time of sample {} is {}", file, i + 1, s.time_s[i]));
  for (const Channel& ch : channels)
    for (std::size_t i = 0; i < n; ++i) {
      const double v = (*ch.values)[i];
      if (!std::isfinite(v)) throw InputError(fmt::format("{}: {} of sample {} is {}", file, ch.name, i + 1, v));
      if (std::abs(v) > ch.limit)
        throw InputError(fmt::format("{}: {} of sample {} (t = {:.3f} s) is {:g} {}, outside ±{:g} {}: {}", file, ch.name,
                                     i + 1, s.time_s[i], v, ch.unit, ch.limit, ch.unit, ch.cause));
    }
  for (std::size_t i = 1; i < n; ++i)
    if (!(s.time_s[i] > s.time_s[i - 1]))
      throw InputError(fmt::format("{}: time of sample {} ({:g} s) does not increase after {:g} s: time must strictly "
                                   "increase",
                                   file, i + 1, s.time_s[i], s.time_s[i - 1]));
  const double rate = median_rate_hz(s);
  const double span = s.time_s.back() - s.time_s.front();
  if (rate < kMinRateHz)
    throw InputError(fmt::format("{}: time: a median step of {:g} s ({:g} Hz, below {:g} Hz){}", file, 1 / rate, rate,
                                 kMinRateHz, rate <= 1 ? ": time looks like ms read as s" : ""));
  if (rate > kMaxRateHz)
    throw InputError(fmt::format("{}: time: a median step of {:g} s ({:g} Hz, above {:g} Hz){}", file, 1 / rate, rate,
                                 kMaxRateHz, rate >= 20000 ? ": time looks like s read as ms" : ""));
  if (span > kMaxSpanS)
    throw InputError(fmt::format("{}: time spans {:g} s, more than {:g} s for one trial: time looks like ms read as s",
                                 file, span, kMaxSpanS));
  if (c.declared_rate_hz > 0 && std::abs(rate / c.declared_rate_hz - 1) > 0.05)
    throw InputError(fmt::format("{}: the file states {:g} Hz, its times step at {:.4g} Hz", file, c.declared_rate_hz, rate));

  std::vector<std::string> notes;
  if (!c.moving) return notes;
  const auto [amin, amax] = std::minmax_element(s.angle_deg.begin(), s.angle_deg.end());
  const double range = *amax - *amin;
  if (range > 0.2 && range < 5 && std::max(std::abs(*amin), std::abs(*amax)) < 3.2)
    throw InputError(fmt::format("{}: angle moves {:.3g} deg between {:.3g} and {:.3g}: angle looks like radians read "
                                 "as degrees",
                                 file, range, *amin, *amax));
  const std::pair<int, double> directions[] = {{-1, c.preset_ext_deg_s}, {1, c.preset_flex_deg_s}};
  for (const auto& [direction, preset] : directions) {
    if (preset <= 0) continue;
    const double speed = typical_speed_deg_s(s.velocity_deg_s, direction);
    if (speed <= 0) continue;
    const double r = speed / preset;
    const char* what = direction < 0 ? "extension" : "flexion";
    if (r < 0.05 && std::abs(r * 57.29577951308232 - 1) < 0.5)
      throw InputError(fmt::format("{}: velocity: {} reaches {:.3g} against a preset of {:g} deg/s: velocity looks like "
                                   "rad/s read as deg/s",
                                   file, what, speed, preset));
    if (r < 0.2 || r > 5)
      throw InputError(fmt::format("{}: velocity: {} reaches {:.3g} deg/s against a preset of {:g} deg/s{}", file, what,
                                   speed, preset, r > 5 ? ": velocity looks like 1/10 deg/s read as deg/s" : ""));
    if (r < 0.7 || r > 1.4)
      notes.push_back(fmt::format("{} reached {:.0f} deg/s against a preset of {:g} deg/s", what, speed, preset));
  }
  return notes;
}

}  // namespace isokin::import
