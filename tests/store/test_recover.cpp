// A real recorder process (isokin_store_test_recorder) is read while it records and
// then killed with SIGKILL; recover_session must give a file plain readers open with
// every sample flushed before the kill.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <cstdlib>

#include "store/session_store.hpp"
#include "test_support.hpp"

extern char** environ;

namespace isokin::store {
namespace {

using testing::TempDir;

// The helper's sample i (see store_test_recorder.cpp).
void expect_helper_samples(const SampleColumns& s, std::size_t at_least) {
  ASSERT_GE(s.size(), at_least);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double t = static_cast<double>(i) / 1000.0;
    wrong += s.time_s[i] != t || s.torque_nm[i] != static_cast<double>(i % 1000) * 0.25 - 100 ||
             s.angle_deg[i] != static_cast<double>(i % 360) * 0.5 ||
             s.velocity_deg_s[i] != static_cast<double>(i % 720) - 360.0 || s.host_time_s[i] != 1.8e9 + t;
  }
  EXPECT_EQ(wrong, 0u);
}

class RecorderProcess {
 public:
  RecorderProcess(const std::filesystem::path& file, const std::string& total, const std::string& block,
                  const std::string& interval_ms) {
    const char* helper = std::getenv("ISOKIN_STORE_HELPER");
    if (helper == nullptr) throw std::runtime_error("ISOKIN_STORE_HELPER is not set (run through ctest)");
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    const std::string file_arg = file.string();
    const char* argv[] = {helper, "record", file_arg.c_str(), total.c_str(), block.c_str(), interval_ms.c_str(), "hang", nullptr};
    const int status = posix_spawn(&pid_, helper, &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (status != 0) throw std::runtime_error("cannot start the recorder helper");
    out_ = ::fdopen(fds[0], "r");
  }
  ~RecorderProcess() {
    kill();
    if (out_ != nullptr) std::fclose(out_);
  }
  // Waits until the helper reports at least n samples flushed; returns the count it reported.
  std::size_t wait_flushed(std::size_t n) {
    char line[128];
    while (std::fgets(line, sizeof line, out_) != nullptr) {
      std::size_t flushed = 0;
      if (std::sscanf(line, "flushed %zu", &flushed) == 1 && flushed >= n) return flushed;
    }
    return 0;
  }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  std::FILE* out_ = nullptr;
};

bool plain_hdf5_open_works(const std::filesystem::path& file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return false;
  H5Fclose(id);
  return true;
}

TEST(StoreLive, ReadWhileRecording_SeesEveryFlushedSampleAndGrowth) {
  TempDir dir;
  const auto file = dir / "live.h5";
  RecorderProcess recorder(file, "100000000", "500", "2");
  const std::size_t first = recorder.wait_flushed(3000);
  ASSERT_GE(first, 3000u);
  const Trial early = read_trial(file, "01-live");
  expect_helper_samples(early.samples, first);
  const std::size_t later = recorder.wait_flushed(early.samples.size() + 2000);
  const auto trials = list_trials(file);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_GE(trials[0].sample_count, later);
  EXPECT_GT(trials[0].sample_count, early.samples.size());
}

TEST(StoreRecover, SigkilledRecording_RecoveredFileOpensPlainWithAllFlushedSamples) {
  TempDir dir;
  const auto file = dir / "killed.h5";
  RecorderProcess recorder(file, "100000000", "1000", "1");
  const std::size_t flushed = recorder.wait_flushed(20'000);
  ASSERT_GE(flushed, 20'000u);
  recorder.kill();
  // The kill leaves the file marked open for write: plain HDF5 readers refuse it, and so
  // does every reading command, pointing at recover (no SWMR read of a file nobody writes).
  EXPECT_FALSE(plain_hdf5_open_works(file));
  try {
    read_trial(file, "01-live");
    ADD_FAILURE() << "a killed recording was read without recover";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("isokin recover"), std::string::npos) << e.what();
  }

  const RecoveryReport report = recover_session(file);
  EXPECT_TRUE(report.was_open_for_write);
  EXPECT_EQ(report.trials, 1u);
  EXPECT_GE(report.samples, flushed);
  EXPECT_LT(report.samples, flushed + 1000) << "at most the block after the last reported flush";
  EXPECT_TRUE(plain_hdf5_open_works(file));
  const Trial trial = read_trial(file, "01-live");
  expect_helper_samples(trial.samples, flushed);
  EXPECT_EQ(trial.samples.size(), report.samples);
  EXPECT_EQ(std::system(("h5dump -H " + file.string() + " > /dev/null 2>&1").c_str()), 0);
  EXPECT_TRUE(list_trials(file)[0].unfinished) << "the trial stays marked as cut short";

  // Recovering an ordinary file is harmless and says it was not open for write.
  const RecoveryReport again = recover_session(file);
  EXPECT_FALSE(again.was_open_for_write);
  EXPECT_EQ(again.samples, report.samples);
}

TEST(StoreRecover, WhileRecording_RefusedNamingTheRecorder) {
  TempDir dir;
  const auto file = dir / "busy.h5";
  RecorderProcess recorder(file, "100000000", "500", "5");
  ASSERT_GE(recorder.wait_flushed(2000), 2000u);
  try {
    recover_session(file);
    ADD_FAILURE() << "recover ran on a file being recorded";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("is being written by process"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("isokin recording"), std::string::npos) << e.what();
  }
  // A live recording is read with SWMR: every flushed sample, no zeros.
  expect_helper_samples(read_trial(file, "01-live").samples, 2000);
}

TEST(StoreRecover, TruncatedCopiesOfKilledRecording_RefusedWithinSeconds) {
  TempDir dir;
  const auto file = dir / "killed.h5";
  RecorderProcess recorder(file, "100000000", "1000", "1");
  ASSERT_GE(recorder.wait_flushed(20'000), 20'000u);
  recorder.kill();
  const std::string bytes = testing::file_bytes(file);
  for (std::size_t cut : {5000u, 20000u, 50000u}) {
    if (cut >= bytes.size()) continue;
    const auto copy = dir / ("cut" + std::to_string(cut) + ".h5");
    std::ofstream(copy, std::ios::binary) << bytes.substr(0, cut);
    for (int command = 0; command < 2; ++command) {
      const auto start = std::chrono::steady_clock::now();
      std::string message = "(no error)";
      try {
        if (command == 0)
          recover_session(copy);
        else
          read_session(copy);
      } catch (const StoreError& e) {
        message = e.what();
      }
      const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      EXPECT_LT(took, 5.0) << cut;
      EXPECT_NE(message.find(copy.string()), std::string::npos) << message;
      if (command == 1) {
        EXPECT_NE(message.find("isokin recover"), std::string::npos) << message;
      }
    }
  }
}

TEST(StoreRecover, DiskFull_KeepsSamplesBeforeTheFailureAndNoZerosAfter) {
  TempDir dir;
  const auto file = dir / "full.h5";
  const char* helper = std::getenv("ISOKIN_STORE_HELPER");
  ASSERT_NE(helper, nullptr);
  const std::string command = std::string(helper) + " diskfull " + file.string() + " 600000";
  std::FILE* out = ::popen(command.c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  char line[512];
  while (std::fgets(line, sizeof line, out) != nullptr) text += line;
  const int status = ::pclose(out);
  EXPECT_EQ(WEXITSTATUS(status), 1) << text;
  std::size_t saved = 0;
  const auto at = text.find("saved ");
  ASSERT_NE(at, std::string::npos) << text;
  saved = std::stoul(text.substr(at + 6));
  EXPECT_GT(saved, 1000u) << text;
  EXPECT_NE(text.find("the " + std::to_string(saved) + " samples flushed before are kept"), std::string::npos) << text;
  EXPECT_EQ(text.find("File too large\n,"), std::string::npos) << "one line, not HDF5's dump";
  // Under a file-size limit not even the final attributes fit: the file keeps its last
  // flush, and recover (with room again) gives exactly the saved samples.
  if (!plain_hdf5_open_works(file)) {
    EXPECT_NE(text.find("isokin recover"), std::string::npos) << text;
    EXPECT_EQ(recover_session(file).samples, saved);
  }
  const Trial trial = read_trial(file, "01-full");
  EXPECT_EQ(trial.samples.size(), saved);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < trial.samples.size(); ++i)
    wrong += trial.samples.time_s[i] != static_cast<double>(i) / 1000.0 ||
             trial.samples.angle_deg[i] != static_cast<double>(i % 360) * 0.5;
  EXPECT_EQ(wrong, 0u) << "no zeros after the failure";
}

}  // namespace
}  // namespace isokin::store
