#include "import/derive_velocity.hpp"

namespace isokin::import {

Column derive_velocity(std::span<const double> t, std::span<const double> a) {
  const std::size_t n = t.size();
  Column v(n, 0.0);
  if (n < 2) return v;
  v[0] = (a[1] - a[0]) / (t[1] - t[0]);
  v[n - 1] = (a[n - 1] - a[n - 2]) / (t[n - 1] - t[n - 2]);
  for (std::size_t i = 1; i + 1 < n; ++i) v[i] = (a[i + 1] - a[i - 1]) / (t[i + 1] - t[i - 1]);
  return v;
}

}  // namespace isokin::import
