#include "gui/plot/ticks.hpp"

#include <cmath>
#include <cstdio>

namespace isokin::gui {

double nice_step(double span, int max_ticks) {
  if (!(span > 0) || !std::isfinite(span) || max_ticks < 1) return 1.0;
  const double raw = span / max_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  return 10.0 * magnitude;
}

std::string format_tick(double value, double step) {
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  // Values within a rounding error of zero print as "0", not "-0" or "1e-17".
  if (std::fabs(value) < step * 1e-6) value = 0;
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::vector<Tick> nice_ticks(double lo, double hi, int max_ticks) {
  std::vector<Tick> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  const double step = nice_step(hi - lo, max_ticks);
  const double first = std::ceil(lo / step - 1e-9);
  const double last = std::floor(hi / step + 1e-9);
  for (double k = first; k <= last && ticks.size() < 1000; k += 1) {
    const double v = k * step;
    ticks.push_back({v, format_tick(v, step)});
  }
  return ticks;
}

}  // namespace isokin::gui
