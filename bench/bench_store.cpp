// HDF5 store benchmarks (figures in docs/benchmarks.md, "HDF5 store").
//
//   BM_RecorderAppend      TrialRecorder sustained append rate, flushing every 1000
//                          samples as acquisition does (finish/compaction excluded;
//                          counters report the compact file's size against raw float64
//                          and the time finish() takes)
//   BM_RawDiskWrite        the disk's raw write bandwidth measured the same way: the same
//                          bytes written in the same 1000-sample blocks, then fsync
//   BM_ReadTrial           read_trial (raw chunks inflated by two threads)
//   BM_ReadTrialPlain      the same datasets through plain H5Dread (HDF5's own filters)
//
// Signals: a knee test at 1 kHz as a device reports it: torque and angle from integer
// ADC / encoder counts times a scale (quantised), velocity from the encoder, device time.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

#include "store/channel_reader.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace isokin;

constexpr std::size_t kBlock = 1000;

fs::path bench_dir() {
  const fs::path dir = fs::temp_directory_path() / ("isokin-bench-store-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// n samples of a con-con knee test at 60 deg/s as a device would report them.
SampleColumns device_like_signal(std::size_t n, unsigned seed = 42) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  SampleColumns s;
  s.reserve(n);
  const double torque_lsb_nm = 0.0625;  // 16-bit ADC over +-2048 N*m
  const double angle_lsb_deg = 0.01;    // 36000-count encoder
  double angle = 90;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / 1000.0;
    const double phase = std::fmod(t, 3.0) / 3.0;  // one repetition every 3 s
    const double velocity = phase < 0.5 ? -60.0 : 60.0;
    angle += velocity / 1000.0;
    const double torque = (phase < 0.5 ? 180.0 : -90.0) * std::sin(M_PI * std::fmod(phase * 2, 1.0)) + 1.5 * noise(rng);
    const double angle_q = std::round(angle / angle_lsb_deg) * angle_lsb_deg;
    const double velocity_q = std::round((velocity + 0.5 * noise(rng)) / angle_lsb_deg) * angle_lsb_deg;
    s.push_back({t, std::round(torque / torque_lsb_nm) * torque_lsb_nm, angle_q, velocity_q});
  }
  return s;
}

TrialInfo bench_trial(const std::string& id) {
  TrialInfo info;
  info.id = id;
  info.sample_rate_hz = 1000;
  info.velocity_ext_deg_s = info.velocity_flex_deg_s = 60;
  return info;
}

SessionInfo bench_session() {
  SessionInfo s;
  s.subject.id = "bench";
  s.date = "2026-11-26";
  return s;
}

void BM_RecorderAppend(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const SampleColumns signal = device_like_signal(n);
  const fs::path file = bench_dir() / "recorder.h5";
  double finish_s = 0, size_ratio = 0;
  for (auto _ : state) {
    fs::remove(file);
    store::TrialRecorder recorder(file, bench_session(), bench_trial("01"));
    const SampleSpan all = signal.span();
    for (std::size_t i = 0; i < n; i += kBlock) {
      recorder.append(all.subspan(i, std::min(kBlock, n - i)));
      recorder.flush();
    }
    state.PauseTiming();
    const auto start = std::chrono::steady_clock::now();
    recorder.finish(bench_trial("01"));
    finish_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    size_ratio = static_cast<double>(fs::file_size(file)) / static_cast<double>(n * 4 * sizeof(double));
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * 4 * sizeof(double)));
  state.counters["finish_s"] = finish_s;
  state.counters["size_vs_raw"] = size_ratio;
  fs::remove_all(file.parent_path());
}
BENCHMARK(BM_RecorderAppend)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_RawDiskWrite(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const SampleColumns signal = device_like_signal(n);
  const fs::path file = bench_dir() / "raw.bin";
  for (auto _ : state) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      state.SkipWithError("cannot open the raw file");
      return;
    }
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; i += kBlock) {
      const std::size_t count = std::min(kBlock, n - i);
      for (const auto* column : {&signal.time_s, &signal.torque_nm, &signal.angle_deg, &signal.velocity_deg_s})
        ok = ok && ::write(fd, column->data() + i, count * sizeof(double)) == static_cast<ssize_t>(count * sizeof(double));
    }
    ok = ok && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) state.SkipWithError("raw write failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * 4 * sizeof(double)));
  fs::remove_all(file.parent_path());
}
BENCHMARK(BM_RawDiskWrite)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// A finished 4-million-sample trial (the size issue 5 quotes for h5py).
const fs::path& read_fixture() {
  static const fs::path file = [] {
    const fs::path f = fs::temp_directory_path() / ("isokin-bench-store-read-" + std::to_string(::getpid()) + ".h5");
    Session session;
    session.info = bench_session();
    session.trials.push_back({bench_trial("big"), device_like_signal(4'000'000)});
    store::write_session(f, session, store::WriteMode::overwrite);
    std::fprintf(stderr, "read fixture: %s\n", f.c_str());  // kept, for timing other readers on it
    return f;
  }();
  return file;
}

void BM_ReadTrial(benchmark::State& state) {
  const fs::path& file = read_fixture();
  std::size_t n = 0;
  for (auto _ : state) {
    const Trial trial = store::read_trial(file, "big");
    n = trial.samples.size();
    benchmark::DoNotOptimize(trial.samples.torque_nm.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_ReadTrial)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadTrialPlain(benchmark::State& state) {
  const fs::path& file = read_fixture();
  std::size_t n = 0;
  for (auto _ : state) {
    const store::OpenedSession session = store::open_session_for_read(file);
    const store::h5::Where where{file.string(), "/trials/big"};
    store::h5::Id trials = store::h5::open_group(session.file.get(), "trials", session.where);
    store::h5::Id group = store::h5::open_group(trials.get(), "big", session.where);
    const store::TrialDatasets d = store::open_trial_datasets(group.get(), where);
    n = store::trial_sample_count(group.get(), d, where).samples;
    SampleColumns s;
    for (auto* column : {&s.time_s, &s.torque_nm, &s.angle_deg, &s.velocity_deg_s}) column->resize(n);
    std::vector<store::ChannelRead> reads{{&d.time, s.time_s, where, {}},
                                          {&d.torque, s.torque_nm, where, {}},
                                          {&d.angle, s.angle_deg, where, {}},
                                          {&d.velocity, s.velocity_deg_s, where, {}}};
    store::read_channels(reads, {.raw_chunks = false, .threads = 1});
    benchmark::DoNotOptimize(s.torque_nm.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_ReadTrialPlain)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
