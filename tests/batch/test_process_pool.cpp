// The process pool behind `isokin batch --jobs N`: order, errors, a worker that dies,
// and Ctrl-C, with real forked workers.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "batch/process_pool.hpp"

using namespace isokin::batch;

TEST(ProcessPool, ResultsInInputOrder_FromSeveralProcesses) {
  const auto outcomes = run_in_processes(
      40, 3,
      [](std::size_t i) {
        std::this_thread::sleep_for(std::chrono::microseconds((40 - i) * 50));  // later items finish first
        return std::to_string(i * i) + "@" + std::to_string(::getpid());
      },
      nullptr);
  ASSERT_EQ(outcomes.size(), 40u);
  std::set<std::string> pids;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(outcomes[i].ok()) << outcomes[i].error;
    const std::string& r = outcomes[i].result;
    EXPECT_EQ(r.substr(0, r.find('@')), std::to_string(i * i));
    pids.insert(r.substr(r.find('@') + 1));
  }
  EXPECT_EQ(pids.count(std::to_string(::getpid())), 0u) << "jobs must run in worker processes";
  EXPECT_GE(pids.size(), 2u);
}

TEST(ProcessPool, LargeResults_CrossWhole) {
  const auto outcomes = run_in_processes(
      4, 2, [](std::size_t i) { return std::string(1'000'000 + i, static_cast<char>('a' + i)); }, nullptr);
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(outcomes[i].ok());
    EXPECT_EQ(outcomes[i].result, std::string(1'000'000 + i, static_cast<char>('a' + i)));
  }
}

TEST(ProcessPool, ThrowingJob_ErrorRecordedOthersDone) {
  std::set<std::size_t> reported;
  const auto outcomes = run_in_processes(
      10, 2,
      [](std::size_t i) -> std::string {
        if (i == 3 || i == 7) throw std::runtime_error("broken " + std::to_string(i));
        return "ok";
      },
      [&](std::size_t i, const std::string&) { reported.insert(i); });
  EXPECT_EQ(reported.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == 3 || i == 7) {
      EXPECT_EQ(outcomes[i].error, "broken " + std::to_string(i));
    } else {
      EXPECT_TRUE(outcomes[i].ok()) << i << ": " << outcomes[i].error;
    }
  }
}

TEST(ProcessPool, WorkerKilledOnOneItem_ThatItemFailsTheRestAreDone) {
  const auto outcomes = run_in_processes(
      12, 2,
      [](std::size_t i) -> std::string {
        if (i == 5) ::kill(::getpid(), SIGKILL);  // a file that takes its reader down
        return "ok " + std::to_string(i);
      },
      nullptr);
  for (std::size_t i = 0; i < 12; ++i) {
    if (i == 5) {
      EXPECT_NE(outcomes[i].error.find("killed by signal 9"), std::string::npos) << outcomes[i].error;
    } else {
      ASSERT_TRUE(outcomes[i].ok()) << i << ": " << outcomes[i].error;
      EXPECT_EQ(outcomes[i].result, "ok " + std::to_string(i));
    }
  }
}

TEST(ProcessPool, Stop_NothingStartsAfterItAndTheRestAreMarked) {
  std::size_t finished = 0;
  const auto outcomes = run_in_processes(
      20, 2, [](std::size_t) { return std::string("ok"); },
      [&](std::size_t, const std::string&) { ++finished; }, [&] { return finished >= 4; });
  std::size_t done = 0, interrupted = 0;
  for (const auto& o : outcomes) {
    if (o.ok()) ++done;
    if (o.error == "not analysed (interrupted)") ++interrupted;
  }
  EXPECT_GE(done, 4u);
  EXPECT_LE(done, 6u);  // at most the items already handed out when stop() turned true
  EXPECT_EQ(done + interrupted, 20u);
}

TEST(ProcessPool, HungItem_StoppedAtTheTimeoutOthersDone) {
  const auto start = std::chrono::steady_clock::now();
  const auto outcomes = run_in_processes(
      6, 1,
      [](std::size_t i) -> std::string {
        if (i == 2) ::pause();  // a file that never returns (a read blocked for ever)
        return "ok " + std::to_string(i);
      },
      nullptr, [] { return false; }, std::chrono::milliseconds(400));
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(elapsed_s, 10.0);
  for (std::size_t i = 0; i < 6; ++i) {
    if (i == 2) {
      EXPECT_NE(outcomes[i].error.find("not analysed within 0.4 s"), std::string::npos) << outcomes[i].error;
    } else {
      ASSERT_TRUE(outcomes[i].ok()) << i << ": " << outcomes[i].error;
      EXPECT_EQ(outcomes[i].result, "ok " + std::to_string(i));
    }
  }
}

TEST(ProcessPool, StopWhileAnItemHangs_AnswersAtOnce) {
  const auto start = std::chrono::steady_clock::now();
  const auto outcomes = run_in_processes(
      3, 2,
      [](std::size_t) -> std::string {
        ::pause();
        return "never";
      },
      nullptr, [&] { return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300); });
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(elapsed_s, 3.0);
  for (const auto& o : outcomes) EXPECT_EQ(o.error, "not analysed (interrupted)");
}

TEST(ProcessPool, OneItemOneWorker_StillInAWorkerProcess) {
  const auto outcomes = run_in_processes(1, 1, [](std::size_t) { return std::to_string(::getpid()); }, nullptr);
  ASSERT_TRUE(outcomes[0].ok());
  EXPECT_NE(outcomes[0].result, std::to_string(::getpid()));
}
