// Whole-session analysis from memory (issue 5: at least 20 million samples/s on one
// core; issue 14: per core and with all cores, BM_AnalyzeLongTrial): filtering, gravity correction, segmentation, per-repetition measures,
// summaries, ratios and bilateral comparison, on a realistic session of 1 kHz
// con-con trials (trapezoidal speed profile, torque-angle curves, noise).
//   build/bin/bench_analysis --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>

#include "analysis/parallelism.hpp"
#include "analysis/session_analysis.hpp"

namespace {

using namespace isokin;

Trial make_trial(Side side, double v, int reps, std::uint32_t seed) {
  Trial t;
  t.info.id = std::string(to_string(side)) + "-" + std::to_string(static_cast<int>(v));
  t.info.side = side;
  t.info.velocity_ext_deg_s = t.info.velocity_flex_deg_s = v;
  t.info.sample_rate_hz = 1000;
  t.info.reps_requested = reps;
  t.info.gravity = LimbGravity{11.0, 0.0};
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  const double dt = 0.001, accel = 3000, rom = 90;
  const double t_acc = v / accel, d_acc = 0.5 * v * t_acc, duration = 2 * t_acc + (rom - 2 * d_acc) / v;
  double time = 0, angle = 90;
  const auto push = [&](double muscle, double vel) {
    const double g = -11.0 * std::cos(angle * std::numbers::pi / 180);
    t.samples.push_back({time, muscle + g + noise(rng), angle + 0.05 * noise(rng), vel + 0.5 * noise(rng)});
    time += dt;
  };
  for (int r = 0; r < reps; ++r) {
    for (int dir : {-1, 1}) {
      for (int i = 0; i < 200; ++i) push(0, 0);
      const double start = angle;
      for (double u = 0; u <= duration; u += dt) {
        double speed, dist;
        if (u < t_acc) {
          speed = accel * u;
          dist = 0.5 * accel * u * u;
        } else if (u < duration - t_acc) {
          speed = v;
          dist = d_acc + v * (u - t_acc);
        } else {
          const double w = duration - u;
          speed = accel * w;
          dist = rom - 0.5 * accel * w * w;
        }
        angle = start + dir * dist;
        const double shape = std::exp(-std::pow((angle - (dir < 0 ? 65 : 30)) / 45, 2));
        push(dir < 0 ? 220 * shape : -130 * shape, dir * speed);
      }
      angle = start + dir * rom;
    }
  }
  return t;
}

Session make_session() {
  Session s;
  s.info.subject.id = "bench";
  s.info.subject.body_mass_kg = 75;
  std::uint32_t seed = 1;
  for (Side side : {Side::left, Side::right})
    for (double v : {60.0, 180.0, 240.0}) s.trials.push_back(make_trial(side, v, v == 180.0 ? 30 : 5, seed++));
  return s;
}

void BM_AnalyzeSession(benchmark::State& state) {
  const Session session = make_session();
  std::size_t samples = 0;
  for (const auto& t : session.trials) samples += t.samples.size();
  const analysis::AnalysisOptions options;
  for (auto _ : state) {
    auto result = analysis::analyze_session(session, options);
    benchmark::DoNotOptimize(result.ratios.data());
  }
  state.counters["samples"] = static_cast<double>(samples);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(samples * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AnalyzeSession)->Unit(benchmark::kMillisecond);

// One long trial (180 deg/s, 400 repetitions, about 600 000 samples) on 1 and on 2
// analysis threads: samples per second per core, and with both cores (wall time).
void BM_AnalyzeLongTrial(benchmark::State& state) {
  const Trial trial = make_trial(Side::left, 180, 400, 7);
  const analysis::AnalysisOptions options;
  analysis::set_analysis_threads(static_cast<unsigned>(state.range(0)));
  for (auto _ : state) {
    auto result = analysis::analyze_trial(trial.info, trial.samples.span(), 75, options);
    benchmark::DoNotOptimize(result.efforts.data());
  }
  analysis::set_analysis_threads(1);
  state.counters["samples"] = static_cast<double>(trial.samples.size());
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(trial.samples.size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AnalyzeLongTrial)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
