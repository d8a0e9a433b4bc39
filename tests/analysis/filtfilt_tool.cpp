// Test helper for check_filtfilt_vs_scipy.py: reads "order cutoff_hz rate_hz n" and n
// values from stdin, prints b, a and the filtfilt output, one value per line, %.17g.
#include <cstdio>
#include <vector>

#include "analysis/butterworth.hpp"

int main() {
  int order = 0;
  double cutoff = 0, rate = 0;
  std::size_t n = 0;
  if (std::scanf("%d %lf %lf %zu", &order, &cutoff, &rate, &n) != 4) return 2;
  std::vector<double> x(n);
  for (auto& v : x)
    if (std::scanf("%lf", &v) != 1) return 2;
  const auto f = isokin::analysis::design_butterworth_lowpass(order, cutoff, rate);
  for (double v : f.b) std::printf("%.17g\n", v);
  for (double v : f.a) std::printf("%.17g\n", v);
  for (double v : isokin::analysis::filtfilt(f, x)) std::printf("%.17g\n", v);
  return 0;
}
