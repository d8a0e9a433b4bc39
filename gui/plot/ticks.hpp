// Axis ticks at "nice" values (1, 2 or 5 times a power of ten) with labels printed
// to just the precision the step needs ("0", "20", "40"; "0.05", "0.10").
#pragma once

#include <string>
#include <vector>

namespace isokin::gui {

struct Tick {
  double value = 0;
  std::string label;
};

// The nice step (1, 2 or 5 x 10^k) giving at most max_ticks intervals over `span`.
double nice_step(double span, int max_ticks);

// Ticks at multiples of nice_step(hi - lo, max_ticks) inside [lo, hi].
std::vector<Tick> nice_ticks(double lo, double hi, int max_ticks);

// `value` printed with as many decimals as `step` needs; never "-0".
std::string format_tick(double value, double step);

}  // namespace isokin::gui
