// Batch scaling: the same cohort of 200 small session files analysed by `isokin
// batch`'s engine with 1 and with 2 workers (wall time; this machine has 2 cores),
// and where the time of a batch goes besides the files themselves:
//   BM_WorkerStartup       forking a worker, one empty item through its pipes, reaping it
//   BM_ReadSession         one file read by one thread
//   BM_ReadSessionThreads  the same reads by 2 threads of one process: HDF5's global lock
//                          serialises them (why workers are processes)
//   BM_MergeResults        decoding 200 files' rows and building the cohort tables (the
//                          parent's share, once the workers are done)
// The whole command, start-up included, on 40 and 400 sessions: bench/harness_batch.sh.
//
// Sessions are the analytic H:Q screens of tests/report/synthetic_session.hpp (four
// trials, 5 repetitions, about 60 000 samples each), written once to a temporary
// folder by the store, so what is timed is read + analysis + table rows per file.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "batch/batch_runner.hpp"
#include "batch/cohort_files.hpp"
#include "batch/file_rows_wire.hpp"
#include "batch/process_pool.hpp"
#include "batch/session_job.hpp"
#include "store/session_store.hpp"
#include "tests/report/synthetic_session.hpp"

namespace fs = std::filesystem;
using namespace isokin;

namespace {

constexpr int kSessions = 200;

const std::vector<fs::path>& cohort() {
  static const std::vector<fs::path> files = [] {
    const fs::path dir = fs::temp_directory_path() / ("isokin-bench-batch-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (int i = 0; i < kSessions; ++i) {
      Session session;
      session.info.subject.id = "B" + std::to_string(i);
      session.info.subject.body_mass_kg = 60 + i % 30;
      session.info.date = "2026-01-01";
      const double q = 1.0 + 0.01 * (i % 17);
      int n = 0;
      for (const Side side : {Side::left, Side::right}) {
        session.trials.push_back(testing::synthetic_trial(std::to_string(++n), {side, TestMode::con_con, 60, 200 * q, 110}));
        session.trials.push_back(testing::synthetic_trial(std::to_string(++n), {side, TestMode::ecc_ecc, 30, 240 * q, 140}));
      }
      store::write_session(dir / ("s" + std::to_string(1000 + i) + ".h5"), session, store::WriteMode::overwrite);
    }
    std::atexit([] { fs::remove_all(fs::temp_directory_path() / ("isokin-bench-batch-" + std::to_string(::getpid()))); });
    return batch::collect_session_files({dir});
  }();
  return files;
}

std::map<int, double> g_seconds_per_batch;

void BM_BatchCohort200(benchmark::State& state) {
  const auto& files = cohort();
  const auto options = batch::analysis_options({});
  const unsigned jobs = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    const auto outcomes = batch::run_batch(
        files, {jobs, {}}, [&](const fs::path& f) { return batch::analyze_for_batch(f, options); }, nullptr);
    for (const auto& o : outcomes) {
      if (!o.error.empty()) state.SkipWithError(o.error.c_str());
    }
    benchmark::DoNotOptimize(outcomes.data());
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(files.size()) * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BatchCohort200)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// One file, one worker: where the time of a job goes (read vs analysis).
void BM_ReadSession(benchmark::State& state) {
  const auto& files = cohort();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(store::read_session(files[i++ % files.size()]));
}
BENCHMARK(BM_ReadSession)->Unit(benchmark::kMillisecond);

void BM_ReadSessionThreads(benchmark::State& state) {
  const auto& files = cohort();
  const auto threads = static_cast<std::size_t>(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    std::vector<std::thread> readers;
    for (std::size_t t = 0; t < threads; ++t)
      readers.emplace_back([&, k = i + t] { benchmark::DoNotOptimize(store::read_session(files[k % files.size()])); });
    for (auto& r : readers) r.join();
    i += threads;
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(threads * state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadSessionThreads)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WorkerStartup(benchmark::State& state) {
  const auto workers = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    auto outcomes = batch::run_in_processes(workers, workers, [](std::size_t) { return std::string(); }, nullptr);
    benchmark::DoNotOptimize(outcomes.data());
  }
}
BENCHMARK(BM_WorkerStartup)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_MergeResults(benchmark::State& state) {
  const auto& files = cohort();
  const auto options = batch::analysis_options({});
  const batch::FileAnalysis one = batch::analyze_for_batch(files.front(), options);
  const std::string bytes = batch::encode_file_rows(one);
  for (auto _ : state) {
    std::vector<batch::FileOutcome> outcomes(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
      outcomes[i].file = files[i];
      outcomes[i].result = batch::decode_file_rows(bytes);
    }
    benchmark::DoNotOptimize(batch::build_cohort_tables(outcomes));
  }
  state.counters["files"] = static_cast<double>(files.size());
}
BENCHMARK(BM_MergeResults)->Unit(benchmark::kMillisecond);

void BM_AnalyzeSessionInMemory(benchmark::State& state) {
  const auto session = store::read_session(cohort().front());
  const auto options = batch::analysis_options({});
  for (auto _ : state) benchmark::DoNotOptimize(analysis::analyze_session(session, options));
}
BENCHMARK(BM_AnalyzeSessionInMemory)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
