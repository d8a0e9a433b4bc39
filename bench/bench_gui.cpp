// Dashboard: CPU time to build one frame of the review with a trial on screen, for a
// ten-million-sample trial against a short one, and the memory the review holds;
// the long trial three ways (finding 0: thousands of efforts found, 1: none found,
// 2: one huge effort each way), since the frame's bound must not depend on the analysis.
//
// A frame here is what the app times for --bench-frames: ImGui::NewFrame, the review
// view (sidebar, trial panel with torque/time, angle+velocity/time, torque/angle
// overlay, repetition table, hover readout), ImGui::Render. No OpenGL: the draw lists
// are built and not submitted, so the figure is the CPU's part alone.
// Run: build/bin/bench_gui  (figures in docs/benchmarks.md, "## Dashboard")
#include <benchmark/benchmark.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "gui/app/theme.hpp"
#include "gui/review/review_view.hpp"

namespace {

using namespace isokin;

// What the analysis finds in the trial: the frame must cost the same whatever it is.
enum class Finding {
  repetitions,       // 60 deg/s strokes, all found: thousands of efforts in a long trial
  none_found,        // the same samples with a preset of 300 deg/s: no effort found, every sample unassigned
  one_huge_effort,   // one extension and one flexion, each half of the samples (1 MHz)
};

// A con-con knee test between 10 and 90 deg: extension (angle falling, velocity
// negative, torque positive) then flexion, with sensor noise. Strokes of 80 deg at
// 60 deg/s and 1 kHz, or (one_huge_effort) one stroke each way over the whole trial at 1 MHz.
Session knee_session(std::size_t samples, Finding finding) {
  Session session;
  session.info.subject.id = "bench";
  session.info.subject.body_mass_kg = 75;
  session.info.date = "2026-11-26";
  const bool huge = finding == Finding::one_huge_effort;
  const double rate_hz = huge ? 1e6 : 1000;
  const double half = huge ? samples / rate_hz / 2 : 80.0 / 60.0;  // seconds per stroke
  const double speed = 80.0 / half;
  Trial trial;
  trial.info.id = "01-left-con-con-60";
  trial.info.velocity_ext_deg_s = trial.info.velocity_flex_deg_s = finding == Finding::none_found ? 300 : speed;
  trial.info.sample_rate_hz = rate_hz;
  auto& s = trial.samples;
  s.reserve(samples);
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0, 0.5);
  for (std::size_t i = 0; i < samples; ++i) {
    const double t = i / rate_hz;
    const double phase = std::min(std::fmod(t, 2 * half) / half, 2.0);  // 0..2
    const bool extending = phase < 1;
    const double p = extending ? phase : phase - 1;
    const double angle = extending ? 90 - 80 * p : 10 + 80 * p;
    const double velocity = extending ? -speed : speed;
    const double torque = extending ? 200 * std::sin(std::numbers::pi * p) : -120 * std::sin(std::numbers::pi * p);
    s.push_back({t, torque + noise(rng), angle + noise(rng) * 0.1, velocity + noise(rng) * speed / 60});
  }
  trial.info.reps_requested = std::max(1, static_cast<int>(samples / rate_hz / (2 * half)));
  session.trials.push_back(std::move(trial));
  return session;
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = {1600, 900};
    io.DeltaTime = 1.0f / 60;
    // What the OpenGL 3 backend declares (GL >= 3.2): draw lists may pass 64K vertices.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    gui::load_fonts(1.0f);
    gui::apply_theme(gui::Theme::dark, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas, as a renderer would
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
};

void frame(gui::ReviewView& view) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = {800, 230};  // over the torque plot: the hover readout is part of the frame
  ImGui::NewFrame();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("isokin", nullptr, ImGuiWindowFlags_NoDecoration);
  view.draw();
  ImGui::End();
  ImGui::Render();
}

void BM_ReviewFrame(benchmark::State& state) {
  const auto samples = static_cast<std::size_t>(state.range(0));
  const auto finding = static_cast<Finding>(state.range(1));
  HeadlessImGui imgui;
  const long before_kib = resident_kib();
  gui::ReviewView view;
  view.add_session(gui::make_review_session(knee_session(samples, finding), "bench"));
  const long after_kib = resident_kib();
  const auto& review = *view.sessions().front();
  const double raw_bytes = static_cast<double>(review.sample_bytes());
  double summary_bytes = 0;  // the min/max pyramids the review adds to the samples
  for (const auto& t : review.trials)
    summary_bytes += static_cast<double>(t->time.memory_bytes() + t->torque.memory_bytes() +
                                         t->angle.memory_bytes() + t->velocity.memory_bytes());
  for (int i = 0; i < 5; ++i) frame(view);  // fit, caches, font glyphs
  std::size_t vertices = 0;
  for (auto _ : state) {
    frame(view);
    vertices = static_cast<std::size_t>(ImGui::GetDrawData()->TotalVtxCount);
  }
  state.counters["samples"] = static_cast<double>(samples);
  std::size_t efforts = 0;
  for (const auto& t : review.analysis.trials)
    for (const auto& e : t.efforts) efforts += e.reps.size();
  state.counters["efforts"] = static_cast<double>(efforts);
  state.counters["vertices"] = static_cast<double>(vertices);
  state.counters["raw_MB"] = raw_bytes / 1e6;
  state.counters["held_over_raw"] = (raw_bytes + summary_bytes) / raw_bytes;  // samples + pyramids
  state.counters["rss_growth_MB"] = (after_kib - before_kib) * 1024.0 / 1e6;  // includes the analysis results
}

}  // namespace

// {samples, Finding}
BENCHMARK(BM_ReviewFrame)
    ->ArgNames({"samples", "finding"})
    ->Args({15'000, static_cast<int>(Finding::repetitions)})
    ->Args({10'000'000, static_cast<int>(Finding::repetitions)})
    ->Args({10'000'000, static_cast<int>(Finding::none_found)})
    ->Args({10'000'000, static_cast<int>(Finding::one_huge_effort)})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
