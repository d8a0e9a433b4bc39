// A real recorder process (isokin_store_test_recorder) is read while it records and
// then killed with SIGKILL; recover_session must give a file plain readers open with
// every sample flushed before the kill.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
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
  // The kill leaves the file marked open for write: plain HDF5 readers refuse it...
  EXPECT_FALSE(plain_hdf5_open_works(file));
  // ...but isokin reads it as it is.
  expect_helper_samples(read_trial(file, "01-live").samples, flushed);

  const RecoveryReport report = recover_session(file);
  EXPECT_TRUE(report.was_open_for_write);
  EXPECT_EQ(report.trials, 1u);
  EXPECT_GE(report.samples, flushed);
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

}  // namespace
}  // namespace isokin::store
