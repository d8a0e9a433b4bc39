// The pyramid's min/max of any range equals a brute-force scan of the raw samples.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gui/plot/minmax_pyramid.hpp"

using isokin::gui::MinMaxPyramid;

namespace {

std::vector<double> random_walk(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> step(0, 1);
  std::vector<double> v(n);
  double x = 0;
  for (auto& s : v) s = (x += step(rng));
  return v;
}

}  // namespace

TEST(MinMaxPyramid, RandomRanges_MatchBruteForce) {
  for (std::size_t n : {1u, 7u, 8u, 9u, 63u, 64u, 65u, 1000u, 100003u}) {
    const auto v = random_walk(n, static_cast<unsigned>(n));
    const MinMaxPyramid p(v);
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, n);
    for (int trial = 0; trial < 300; ++trial) {
      std::size_t a = pick(rng), b = pick(rng);
      if (a > b) std::swap(a, b);
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (std::size_t i = a; i < b; ++i) {
        lo = std::min(lo, v[i]);
        hi = std::max(hi, v[i]);
      }
      const auto mm = p.query(a, b);
      ASSERT_EQ(mm.min, lo) << "n=" << n << " [" << a << "," << b << ")";
      ASSERT_EQ(mm.max, hi) << "n=" << n << " [" << a << "," << b << ")";
    }
  }
}

TEST(MinMaxPyramid, EmptyRange_IsEmpty) {
  const std::vector<double> v{1, 2, 3};
  const MinMaxPyramid p(v);
  EXPECT_TRUE(p.query(2, 2).empty());
  EXPECT_TRUE(p.query(5, 9).empty());
}

TEST(MinMaxPyramid, NaNSamples_AreIgnored) {
  std::vector<double> v(1000, 1.0);
  v[10] = std::numeric_limits<double>::quiet_NaN();
  v[500] = 7.0;
  v[900] = -3.0;
  const MinMaxPyramid p(v);
  const auto mm = p.query(0, v.size());
  EXPECT_EQ(mm.min, -3.0);
  EXPECT_EQ(mm.max, 7.0);
}

TEST(MinMaxPyramid, Memory_UnderThirdOfTheChannel) {
  const auto v = random_walk(1'000'000, 3);
  const MinMaxPyramid p(v);
  EXPECT_LT(p.memory_bytes(), v.size() * sizeof(double) / 3);
}
