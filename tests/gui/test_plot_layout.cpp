// The plot's layout and bounds in a headless ImGui frame (no renderer): a cut-off
// line's label never covers a bar or its value, a line limited to some bars is drawn
// only there, and a curve of millions of overlapping samples costs vertices bounded by
// the plot's size.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "gui/plot/plot.hpp"
#include "gui/plot/plot_style.hpp"

namespace isokin::gui {
namespace {

class HeadlessFrame : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = {800, 500};
    io.DeltaTime = 1.0f / 60;
    io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // Runs `body` inside a full-screen window for a few frames (the fit settles) and
  // returns the last frame's vertex count.
  template <class Body>
  int frames(Body body, int count = 3) {
    int vertices = 0;
    for (int i = 0; i < count; ++i) {
      ImGui::NewFrame();
      frame_text_boxes().clear();
      ImGui::SetNextWindowPos({0, 0});
      ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
      ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration);
      body();
      ImGui::End();
      ImGui::Render();
      vertices = ImGui::GetDrawData()->TotalVtxCount;
    }
    return vertices;
  }
};

bool overlap(const TextBox& a, const TextBox& b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

TEST_F(HeadlessFrame, CutoffLabel_BarsAroundTheLine_CoversNoValueAndStaysInThePlot) {
  PlotState state;
  // Values just above and below the cut-off, where a label beside the line meets them.
  const std::vector<double> values{0.49, 0.45, 0.50, 0.48};
  frames([&] {
    Plot plot("bars", state, {400, 260}, {"side", "", "H:Q", ""});
    plot.title("conventional");
    plot.x_categories({"left 60", "left 240", "right 60", "right 240"});
    std::vector<Bar> bars;
    for (std::size_t i = 0; i < values.size(); ++i) bars.push_back({static_cast<double>(i), values[i], 0.6, 0, "0.00"});
    plot.hline(0.47, plot_style().flag, "cut-off 0.47", {-0.5, 0.5});
    plot.hline(0.47, plot_style().flag, "", {1.5, 2.5});
    plot.bars("", bars);
    plot.end();
  });
  const auto& boxes = frame_text_boxes();
  std::vector<TextBox> labels, others;
  for (const auto& b : boxes) (b.role == "line label" || (b.role == "title" && b.text.find("cut-off") != std::string::npos) ? labels : others).push_back(b);
  ASSERT_EQ(labels.size(), 1u) << "the label is drawn once, in the plot or in its title";
  for (const auto& o : others)
    if (o.role != "title") {
      EXPECT_FALSE(overlap(labels[0], o)) << "the label covers " << o.role << " " << o.text;
    }
}

TEST_F(HeadlessFrame, LongCurve_MillionsOfOverlappingSamples_VerticesBoundedByPlotSize) {
  // 2 million samples tracing the same loop 500 times (a trial whose repetitions were
  // not found, overlaid whole): its decimated path would be hundreds of thousands of
  // points; drawn as covered pixels it stays within the plot's area.
  const std::size_t n = 2'000'000;
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double p = 2 * std::numbers::pi * static_cast<double>(i % 4000) / 4000.0;
    x[i] = 50 + 40 * std::cos(p) + 0.01 * static_cast<double>(i / 4000);
    y[i] = 100 * std::sin(p) + std::sin(0.37 * static_cast<double>(i));
  }
  PlotState state;
  const int vertices = frames([&] {
    Plot plot("curve", state, {400, 260}, {"angle", "deg", "torque", "N·m"});
    plot.curve("all samples", series_color(0), x, y);
    plot.end();
  });
  EXPECT_LT(vertices, 4 * 400 * 260 / 2) << "more vertices than the plot has pixels";
  EXPECT_LT(vertices, 60000);
  // A short curve is still drawn as a line through its samples.
  std::vector<double> sx{0, 1, 2, 3}, sy{0, 1, 0, 1};
  PlotState small;
  const int few = frames([&] {
    Plot plot("small", small, {400, 260}, {"x", "", "y", ""});
    plot.curve("short", series_color(0), sx, sy);
    plot.end();
  });
  EXPECT_GT(few, 0);
  ASSERT_EQ(small.curve_caches.size(), 1u);
  EXPECT_EQ(small.curve_caches[0].points.size(), 4u);
  EXPECT_TRUE(small.curve_caches[0].covered.empty());
  ASSERT_EQ(state.curve_caches.size(), 1u);
  EXPECT_TRUE(state.curve_caches[0].points.empty());
  EXPECT_FALSE(state.curve_caches[0].covered.empty());
}

TEST_F(HeadlessFrame, TitleAndYTitle_LongTitle_OnSeparateLines) {
  PlotState state;
  const std::vector<double> x{1, 2, 3}, y{10, 9, 8};
  frames([&] {
    Plot plot("fatigue", state, {360, 240}, {"repetition", "", "peak torque", "N·m"});
    plot.title("peak torque by repetition, with linear and exponential fits");
    plot.x_integer_ticks();
    plot.markers("q", series_color(0), x, y);
    plot.end();
  });
  const TextBox* title = nullptr;
  const TextBox* ytitle = nullptr;
  for (const auto& b : frame_text_boxes()) {
    if (b.role == "title") title = &b;
    if (b.role == "y title") ytitle = &b;
    if (b.role == "x tick") {
      EXPECT_EQ(b.text.find('.'), std::string::npos) << "repetition tick " << b.text;
    }
  }
  ASSERT_NE(title, nullptr);
  ASSERT_NE(ytitle, nullptr);
  EXPECT_FALSE(overlap(*title, *ytitle));
}

TEST_F(HeadlessFrame, MinYSpan_NearlyConstantSeries_AxisSpansAtLeastTheMinimum) {
  PlotState state;
  const std::vector<double> x{0, 42, 126}, y{0.598, 0.6005, 0.599};
  frames([&] {
    Plot plot("progress", state, {400, 260}, {"date", "", "H:Q", ""});
    plot.min_y_span(0.2);
    plot.markers("left", series_color(0), x, y);
    plot.end();
  });
  EXPECT_GE(state.y.span(), 0.2 - 1e-12);
  EXPECT_LE(state.y.min, 0.598);
  EXPECT_GE(state.y.max, 0.6005);
}

}  // namespace
}  // namespace isokin::gui
