#include "analysis/butterworth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

namespace isokin::analysis {
namespace {

constexpr int kMaxOrder = 8;

// Coefficients of prod (x - root_i), highest power first (numpy.poly).
std::vector<std::complex<double>> poly(const std::vector<std::complex<double>>& roots) {
  std::vector<std::complex<double>> c{1.0};
  for (const auto& r : roots) {
    c.push_back(0.0);
    for (std::size_t i = c.size() - 1; i > 0; --i) c[i] -= r * c[i - 1];
  }
  return c;
}

// Transposed direct form II over data[0..n) in place (scipy.signal.lfilter), walking
// forward or backward, continuing from and updating the state z. K is the filter
// order; templated so the state lives in registers.
template <int K, bool Reverse>
void lfilter_in_place(const double* b, const double* a, double* z_io, double* data, std::size_t n) {
  std::array<double, K> z;
  std::array<double, K + 1> bb, aa;
  for (int i = 0; i < K; ++i) z[i] = z_io[i];
  for (int i = 0; i <= K; ++i) {
    bb[i] = b[i];
    aa[i] = a[i];
  }
  for (std::size_t step = 0; step < n; ++step) {
    const std::size_t j = Reverse ? n - 1 - step : step;
    const double x = data[j];
    const double y = bb[0] * x + z[0];
    for (int i = 0; i < K - 1; ++i) z[i] = bb[i + 1] * x + z[i + 1] - aa[i + 1] * y;
    z[K - 1] = bb[K] * x - aa[K] * y;
    data[j] = y;
  }
  for (int i = 0; i < K; ++i) z_io[i] = z[i];
}

using Pass = void (*)(const double*, const double*, double*, double*, std::size_t);

template <int... Ks>
constexpr std::array<Pass, sizeof...(Ks)> forward_table(std::integer_sequence<int, Ks...>) {
  return {&lfilter_in_place<Ks + 1, false>...};
}
template <int... Ks>
constexpr std::array<Pass, sizeof...(Ks)> reverse_table(std::integer_sequence<int, Ks...>) {
  return {&lfilter_in_place<Ks + 1, true>...};
}

constexpr auto kForward = forward_table(std::make_integer_sequence<int, kMaxOrder>{});
constexpr auto kReverse = reverse_table(std::make_integer_sequence<int, kMaxOrder>{});

}  // namespace

FilterCoefficients design_butterworth_lowpass(int order, double cutoff_hz, double sample_rate_hz) {
  if (order < 1 || order > kMaxOrder) throw std::invalid_argument("Butterworth order must be 1..8");
  if (!(sample_rate_hz > 0) || !(cutoff_hz > 0) || !(cutoff_hz < sample_rate_hz / 2))
    throw std::invalid_argument("Butterworth cut-off must lie between 0 and half the sample rate");
  using std::numbers::pi;
  // scipy.signal.buttap: analog prototype poles, gain 1.
  std::vector<std::complex<double>> poles;
  for (int m = -order + 1; m < order; m += 2)
    poles.push_back(-std::exp(std::complex<double>(0, pi * m / (2.0 * order))));
  // Normalised frequency (Nyquist = 1), pre-warped for fs = 2 as scipy's iirfilter.
  const double wn = 2.0 * cutoff_hz / sample_rate_hz;
  const double fs = 2.0;
  const double warped = 2.0 * fs * std::tan(pi * wn / fs);
  // lp2lp_zpk then bilinear_zpk (no finite zeros: all map to z = -1).
  const double fs2 = 2.0 * fs;
  std::complex<double> denominator = 1.0;
  std::vector<std::complex<double>> zpoles;
  for (auto p : poles) {
    p *= warped;
    denominator *= (fs2 - p);
    zpoles.push_back((fs2 + p) / (fs2 - p));
  }
  const double k = std::pow(warped, order) * (1.0 / denominator).real();
  std::vector<std::complex<double>> zeros(static_cast<std::size_t>(order), -1.0);
  const auto bc = poly(zeros);
  const auto ac = poly(zpoles);
  FilterCoefficients f;
  for (const auto& c : bc) f.b.push_back(k * c.real());
  for (const auto& c : ac) f.a.push_back(c.real());
  return f;
}

std::vector<double> steady_state_initial_conditions(const FilterCoefficients& filter) {
  // Solve (I - companion(a)^T) zi = b[1:] - a[1:] * b[0] (scipy.signal.lfilter_zi),
  // by Gaussian elimination with partial pivoting; the system is order x order.
  const std::size_t n = filter.a.size() - 1;
  std::vector<std::vector<double>> m(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    m[i][0] = filter.a[i + 1];
    if (i == 0) m[i][0] += 1.0;
    if (i > 0) m[i][i] += 1.0;
    if (i + 1 < n) m[i][i + 1] -= 1.0;
    m[i][n] = filter.b[i + 1] - filter.a[i + 1] * filter.b[0];
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    std::swap(m[c], m[pivot]);
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = m[r][c] / m[c][c];
      for (std::size_t k = c; k <= n; ++k) m[r][k] -= f * m[c][k];
    }
  }
  std::vector<double> zi(n, 0.0);
  for (std::size_t c = n; c-- > 0;) {
    double s = m[c][n];
    for (std::size_t k = c + 1; k < n; ++k) s -= m[c][k] * zi[k];
    zi[c] = s / m[c][c];
  }
  return zi;
}

void filtfilt(const FilterCoefficients& filter, std::span<const double> in, std::span<double> out) {
  const std::size_t n = in.size();
  if (out.size() != n) throw std::invalid_argument("filtfilt: output size differs from input");
  if (n < 2) {
    std::copy(in.begin(), in.end(), out.begin());
    return;
  }
  const std::size_t order = filter.a.size() - 1;
  const std::size_t pad = std::min<std::size_t>(3 * (order + 1), n - 1);
  // The signal is filtered in `out`; only the odd extensions live apart:
  // 2*x[0] - x[pad..1] before, 2*x[n-1] - x[n-2..n-1-pad] after (scipy's odd_ext).
  std::vector<double> left(pad), right(pad);
  for (std::size_t i = 0; i < pad; ++i) left[i] = 2.0 * in[0] - in[pad - i];
  for (std::size_t i = 0; i < pad; ++i) right[i] = 2.0 * in[n - 1] - in[n - 2 - i];
  if (out.data() != in.data()) std::copy(in.begin(), in.end(), out.begin());

  const auto zi = steady_state_initial_conditions(filter);
  const double* b = filter.b.data();
  const double* a = filter.a.data();
  std::array<double, kMaxOrder> z{};
  const Pass forward = kForward[order - 1];
  const Pass reverse = kReverse[order - 1];
  const double first = pad > 0 ? left[0] : out[0];
  for (std::size_t i = 0; i < order; ++i) z[i] = zi[i] * first;
  forward(b, a, z.data(), left.data(), pad);
  forward(b, a, z.data(), out.data(), n);
  forward(b, a, z.data(), right.data(), pad);
  const double last = pad > 0 ? right[pad - 1] : out[n - 1];
  for (std::size_t i = 0; i < order; ++i) z[i] = zi[i] * last;
  reverse(b, a, z.data(), right.data(), pad);
  reverse(b, a, z.data(), out.data(), n);
}

std::vector<double> filtfilt(const FilterCoefficients& filter, std::span<const double> in) {
  std::vector<double> out(in.size());
  filtfilt(filter, in, out);
  return out;
}

}  // namespace isokin::analysis
