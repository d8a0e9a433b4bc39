// Test helper: the writer side of the SWMR, live-reader and SIGKILL tests.
//
//   isokin_store_test_recorder record FILE TOTAL BLOCK INTERVAL_MS finish|hang [TRIAL_ID]
//     records TOTAL samples in blocks of BLOCK, flushing after each block and printing
//     "flushed N" (N = samples flushed so far); then finishes the trial, or (hang)
//     waits to be killed.
//   isokin_store_test_recorder diskfull FILE LIMIT_BYTES
//     records under a file-size limit (setrlimit RLIMIT_FSIZE, as a full disk) until a
//     write fails, then finishes the trial; prints "saved N" and the one-line message,
//     exits 1.
//   isokin_store_test_recorder recover FILE
//     runs recover_session and prints "recovered TRIALS SAMPLES WAS_OPEN".
//
// Sample i holds exactly representable values any reader can recompute:
//   time = i / 1000, torque = (i % 1000) * 0.25 - 100, angle = (i % 360) * 0.5,
//   velocity = (i % 720) - 360.0, host_time = 1.8e9 + i / 1000.
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

#include "store/session_store.hpp"

namespace {

isokin::SampleColumns helper_block(std::size_t start, std::size_t count) {
  isokin::SampleColumns columns;
  for (std::size_t i = start; i < start + count; ++i) {
    const double t = static_cast<double>(i) / 1000.0;
    columns.push_back({t, static_cast<double>(i % 1000) * 0.25 - 100, static_cast<double>(i % 360) * 0.5,
                       static_cast<double>(i % 720) - 360.0},
                      1.8e9 + t);
  }
  return columns;
}

int record(const std::string& file, std::size_t total, std::size_t block, int interval_ms, bool finish,
           const std::string& trial_id) {
  using namespace isokin;
  SessionInfo session;
  session.subject.id = "S-live";
  session.subject.body_mass_kg = 70;
  session.date = "2026-11-26";
  TrialInfo trial;
  trial.id = trial_id;
  trial.side = Side::left;
  trial.mode = TestMode::con_con;
  trial.velocity_ext_deg_s = 60;
  trial.velocity_flex_deg_s = 60;
  trial.sample_rate_hz = 1000;
  trial.source = "test:store_test_recorder";
  store::RecorderOptions options;
  options.chunk_samples = 1024;
  store::TrialRecorder recorder(file, session, trial, options);
  isokin::SampleColumns columns;
  for (std::size_t start = 0; start < total; start += block) {
    columns = helper_block(start, std::min(total, start + block) - start);
    recorder.append(columns.span());
    recorder.flush();
    std::printf("flushed %zu\n", recorder.samples_written());
    std::fflush(stdout);
    if (interval_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
  }
  if (!finish) {
    std::printf("hanging\n");
    std::fflush(stdout);
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  trial.counts.samples = total;
  trial.measured_rate_hz = 1000;
  recorder.finish(trial);
  std::printf("finished %zu\n", recorder.samples_written());
  return 0;
}

int disk_full(const std::string& file, rlim_t limit) {
  using namespace isokin;
  ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing us
  const rlimit rl{limit, limit};
  if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) return 3;
  SessionInfo session;
  session.subject.id = "S-full";
  TrialInfo trial;
  trial.id = "01-full";
  trial.sample_rate_hz = 1000;
  store::RecorderOptions options;
  options.chunk_samples = 1024;
  store::TrialRecorder recorder(file, session, trial, options);
  std::size_t at = 0;
  try {
    for (;; at += 500) {
      recorder.append(helper_block(at, 500).span());
      if ((at / 500) % 4 == 3) recorder.flush();
    }
  } catch (const store::StoreError& e) {
    std::printf("append failed: %s\n", e.what());
  }
  try {
    recorder.finish(trial);
  } catch (const store::StoreError& e) {
    std::printf("finish: %s\n", e.what());
  }
  std::printf("saved %zu\n", recorder.samples_written());
  std::fflush(stdout);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "record" && argc >= 7)
      return record(argv[2], std::stoul(argv[3]), std::stoul(argv[4]), std::stoi(argv[5]),
                    std::string(argv[6]) == "finish", argc > 7 ? argv[7] : "01-live");
    if (mode == "diskfull" && argc == 4) return disk_full(argv[2], std::stoull(argv[3]));
    if (mode == "recover" && argc == 3) {
      const auto report = isokin::store::recover_session(argv[2]);
      std::printf("recovered %zu %zu %d\n", report.trials, report.samples, report.was_open_for_write ? 1 : 0);
      return 0;
    }
    std::fprintf(stderr, "usage: %s record FILE TOTAL BLOCK INTERVAL_MS finish|hang [ID] | recover FILE\n", argv[0]);
    return 64;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
