#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "batch/parallel_runner.hpp"
#include "batch/progress_reporter.hpp"

using namespace isokin::batch;

TEST(RunParallel, ResultsInInputOrder_WhateverTheTiming) {
  const auto outcomes = run_parallel<int>(
      50, 4,
      [](std::size_t i) {
        std::this_thread::sleep_for(std::chrono::microseconds((50 - i) * 20));  // later items finish first
        return static_cast<int>(i * i);
      },
      nullptr);
  ASSERT_EQ(outcomes.size(), 50u);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    EXPECT_TRUE(outcomes[i].ok());
    EXPECT_EQ(outcomes[i].result, static_cast<int>(i * i));
  }
}

TEST(RunParallel, ThrowingJob_ErrorRecordedOthersDone) {
  std::mutex m;
  std::set<std::size_t> reported;
  const auto outcomes = run_parallel<int>(
      10, 3,
      [](std::size_t i) -> int {
        if (i == 3 || i == 7) throw std::runtime_error("broken " + std::to_string(i));
        return 1;
      },
      [&](std::size_t i, const std::string&) {
        std::lock_guard lock(m);
        reported.insert(i);
      });
  EXPECT_EQ(reported.size(), 10u);
  EXPECT_EQ(outcomes[3].error, "broken 3");
  EXPECT_EQ(outcomes[7].error, "broken 7");
  int ok = 0;
  for (const auto& o : outcomes) ok += o.ok() ? o.result : 0;
  EXPECT_EQ(ok, 8);
}

TEST(RunParallel, UsesSeveralThreads) {
  std::mutex m;
  std::set<std::thread::id> threads;
  run_parallel<int>(
      16, 2,
      [&](std::size_t) {
        {
          std::lock_guard lock(m);
          threads.insert(std::this_thread::get_id());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return 0;
      },
      nullptr);
  EXPECT_EQ(threads.size(), 2u);
}

TEST(RunParallel, StopRequested_RemainingMarkedInterrupted) {
  const auto outcomes = run_parallel<int>(5, 1, [](std::size_t) { return 1; }, nullptr, [] { return true; });
  for (const auto& o : outcomes) EXPECT_EQ(o.error, "not analysed (interrupted)");
}

TEST(ProgressReporter, NotATerminal_OneLinePerFileAndSummary) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressReporter progress(f, 2, false);
    progress.file_done("a.h5", "");
    progress.file_done("b.h5", "not an HDF5 file");
    progress.finish();
  }
  std::rewind(f);
  char buffer[1024] = {};
  const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
  std::fclose(f);
  const std::string text(buffer, n);
  EXPECT_NE(text.find("[1/2] ok a.h5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[2/2] FAILED b.h5: not an HDF5 file\n"), std::string::npos) << text;
  EXPECT_NE(text.find("1 files analysed"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);  // no bar redraws in a log
}
