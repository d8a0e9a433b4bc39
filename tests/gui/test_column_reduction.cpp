// Reduction per pixel column: no peak lost, vertex count bounded by the plot width.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "gui/plot/column_reduction.hpp"
#include "gui/plot/minmax_pyramid.hpp"

using namespace isokin::gui;

namespace {

struct Series {
  std::vector<double> x, y;
};

Series noisy(std::size_t n, double rate_hz, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> noise(-1, 1);
  Series s;
  s.x.resize(n);
  s.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    s.x[i] = i / rate_hz;
    s.y[i] = noise(rng);
  }
  return s;
}

double max_y(const std::vector<PlotPoint>& pts) {
  double m = -1e300;
  for (const auto& p : pts) m = std::max(m, p.y);
  return m;
}
double min_y(const std::vector<PlotPoint>& pts) {
  double m = 1e300;
  for (const auto& p : pts) m = std::min(m, p.y);
  return m;
}

}  // namespace

TEST(ColumnReduction, SingleSampleSpikeAnywhere_IsKept) {
  auto s = noisy(1'000'000, 1000, 1);
  const MinMaxPyramid pyramid(s.y);
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> where(0, s.y.size() - 1);
  std::vector<PlotPoint> out;
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t up = where(rng), down = where(rng);
    if (up == down) continue;
    s.y[up] = 250.0;  // one-sample peak (a torque spike)
    s.y[down] = -180.0;
    for (const MinMaxPyramid* p : {&pyramid, static_cast<const MinMaxPyramid*>(nullptr)}) {
      // The pyramid summarises the unmodified data, so rebuild it for this trial.
      const MinMaxPyramid fresh(s.y), time(s.x);
      reduce_to_columns(s.x, s.y, p ? &fresh : nullptr, s.x.front(), s.x.back(), 731, out);
      EXPECT_EQ(max_y(out), 250.0) << "spike at " << up;
      EXPECT_EQ(min_y(out), -180.0) << "dip at " << down;
      if (p == nullptr) continue;
      // Column edges on whole blocks (time summary given) lose nothing either.
      reduce_to_columns(s.x, s.y, &fresh, s.x.front(), s.x.back(), 731, out, &time);
      EXPECT_EQ(max_y(out), 250.0) << "spike at " << up << " (block edges)";
      EXPECT_EQ(min_y(out), -180.0) << "dip at " << down << " (block edges)";
    }
    s.y[up] = 0;
    s.y[down] = 0;
  }
}

TEST(ColumnReduction, TenMillionSamples_VertexCountBoundedByWidth) {
  const auto s = noisy(10'000'000, 1000, 2);
  const MinMaxPyramid pyramid(s.y), time(s.x);
  std::vector<PlotPoint> out;
  for (int columns : {100, 800, 1920}) {
    const std::size_t represented =
        reduce_to_columns(s.x, s.y, &pyramid, s.x.front(), s.x.back(), columns, out, &time);
    EXPECT_EQ(represented, s.x.size());
    EXPECT_LE(out.size(), 2u * columns + 2) << columns << " columns";
    EXPECT_GE(out.size(), 2u * columns - 2) << columns << " columns";
  }
}

TEST(ColumnReduction, ZoomedIntoTenMillion_PeakInViewKeptAndEdgesAnchored) {
  auto s = noisy(10'000'000, 1000, 3);
  s.y[5'123'457] = 99.0;
  const MinMaxPyramid pyramid(s.y), time(s.x);
  std::vector<PlotPoint> out;
  reduce_to_columns(s.x, s.y, &pyramid, 5000.0, 5200.0, 500, out);
  EXPECT_EQ(max_y(out), 99.0);
  reduce_to_columns(s.x, s.y, &pyramid, 5000.0, 5200.0, 3, out, &time);  // dense: block edges
  EXPECT_EQ(max_y(out), 99.0);
  reduce_to_columns(s.x, s.y, &pyramid, 5000.0, 5200.0, 500, out);
  EXPECT_LE(out.size(), 2u * 500 + 2);
  ASSERT_FALSE(out.empty());
  EXPECT_LT(out.front().x, 5000.0);  // the sample before the view, so the line reaches the edge
  EXPECT_GT(out.back().x, 5200.0);
}

TEST(ColumnReduction, FewSamples_CopiedUnreduced) {
  const std::vector<double> x{0, 1, 2, 3, 4}, y{5, -1, 7, 2, 3};
  std::vector<PlotPoint> out;
  reduce_to_columns(x, y, nullptr, 0, 4, 400, out);
  ASSERT_EQ(out.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(out[i].x, x[i]);
    EXPECT_EQ(out[i].y, y[i]);
  }
}

TEST(ColumnReduction, PointsAreInXOrder) {
  const auto s = noisy(200'000, 1000, 4);
  const MinMaxPyramid pyramid(s.y);
  std::vector<PlotPoint> out;
  reduce_to_columns(s.x, s.y, &pyramid, 10, 150, 640, out);
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end(), [](auto& a, auto& b) { return a.x < b.x; }));
}

TEST(NearestIndex, PicksCloserNeighbour) {
  const std::vector<double> x{0, 1, 2, 10};
  EXPECT_EQ(nearest_index(x, -5), 0u);
  EXPECT_EQ(nearest_index(x, 1.4), 1u);
  EXPECT_EQ(nearest_index(x, 1.6), 2u);
  EXPECT_EQ(nearest_index(x, 7), 3u);
  EXPECT_EQ(nearest_index(x, 50), 3u);
}

TEST(ColumnReduction, IrregularTimeWithGap_EachColumnKeepsItsExactMinAndMax) {
  // Jittered sampling and a 2 s hole (a link loss): the column boundaries cannot be
  // guessed from a uniform rate, and every column must still report its extremes.
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> jitter(0.0002, 0.0018), value(-100, 100);
  std::vector<double> x, y;
  double t = 0;
  for (int i = 0; i < 300'000; ++i) {
    t += jitter(rng);
    if (i == 120'000) t += 2.0;
    x.push_back(t);
    y.push_back(value(rng));
  }
  const MinMaxPyramid pyramid(y);
  const int columns = 97;
  const double x_min = 10, x_max = 250;
  std::vector<PlotPoint> out;
  reduce_to_columns(x, y, &pyramid, x_min, x_max, columns, out);
  const double width = (x_max - x_min) / columns;
  for (int c = 0; c < columns; ++c) {
    const double lo = x_min + width * c, hi = c + 1 == columns ? x_max : x_min + width * (c + 1);
    double mn = 1e300, mx = -1e300;
    int n = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i] >= lo && (x[i] < hi || (c + 1 == columns && x[i] <= hi))) {
        mn = std::min(mn, y[i]);
        mx = std::max(mx, y[i]);
        ++n;
      }
    if (n < 2) continue;
    bool has_min = false, has_max = false;
    for (const auto& p : out)
      if (p.x >= lo && p.x <= hi) {
        has_min = has_min || p.y == mn;
        has_max = has_max || p.y == mx;
      }
    EXPECT_TRUE(has_min && has_max) << "column " << c;
  }
}
