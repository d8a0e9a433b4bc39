// TrialRecorder: samples appended in blocks are read back equal; finish() leaves a
// compact file that plain (non-SWMR) readers open; sessions grow trial by trial.
#include <gtest/gtest.h>
#include <hdf5.h>

#include "store/session_store.hpp"
#include "test_support.hpp"

namespace isokin::store {
namespace {

using testing::TempDir;

void record_in_blocks(TrialRecorder& recorder, const SampleColumns& samples, std::size_t block) {
  const SampleSpan all = samples.span();
  for (std::size_t i = 0; i < all.size(); i += block) {
    recorder.append(all.subspan(i, std::min(block, all.size() - i)));
    recorder.flush();
  }
}

// Opens the file the way a plain reader does (no SWMR, default access): fails on a file
// still marked open for write.
bool plain_hdf5_open_works(const std::filesystem::path& file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return false;
  H5Fclose(id);
  return true;
}

TEST(TrialRecorder, AppendFlushFinish_ReadBackEqual) {
  TempDir dir;
  const auto file = dir / "rec.h5";
  const SampleColumns samples = testing::knee_signal(20'000, 1000, true);
  TrialInfo info = testing::full_trial_info("01-rec");
  {
    TrialRecorder recorder(file, testing::session_info(), info);
    record_in_blocks(recorder, samples, 100);
    EXPECT_EQ(recorder.samples_written(), samples.size());
    info.counts.samples = samples.size();
    info.measured_rate_hz = 1000.25;
    info.gaps.push_back({9.0, 9.5, 500});
    recorder.finish(info);
  }
  const Session read = read_session(file);
  EXPECT_EQ(read.info.subject.id, "S017");
  ASSERT_EQ(read.trials.size(), 1u);
  const Trial& trial = read.trials[0];
  EXPECT_EQ(trial.samples.time_s, samples.time_s);
  EXPECT_EQ(trial.samples.torque_nm, samples.torque_nm);
  EXPECT_EQ(trial.samples.angle_deg, samples.angle_deg);
  EXPECT_EQ(trial.samples.velocity_deg_s, samples.velocity_deg_s);
  EXPECT_EQ(trial.samples.host_time_s, samples.host_time_s);
  EXPECT_EQ(trial.info.counts.samples, samples.size());
  EXPECT_EQ(trial.info.measured_rate_hz, 1000.25);
  ASSERT_EQ(trial.info.gaps.size(), 3u);
  EXPECT_EQ(trial.info.gaps[2].lost_samples, 500u);
  EXPECT_TRUE(plain_hdf5_open_works(file));
  EXPECT_FALSE(list_trials(file)[0].unfinished);
}

TEST(TrialRecorder, FrequentFlushes_FinishedFileIsCompact) {
  TempDir dir;
  const auto file = dir / "rec.h5";
  const SampleColumns samples = testing::knee_signal(60'000, 1000, false);
  TrialRecorder recorder(file, testing::session_info(), testing::full_trial_info("01"));
  record_in_blocks(recorder, samples, 50);  // 1200 flushes: the SWMR file bloats
  const auto growing = std::filesystem::file_size(file);
  recorder.finish(testing::full_trial_info("01"));
  const auto compact = std::filesystem::file_size(file);
  const auto raw = samples.size() * 4 * sizeof(double);
  // While recording, chunks are uncompressed and rewritten in place: no dead space
  // beyond the raw samples, an empty host_time and HDF5's metadata.
  EXPECT_LT(growing, raw + 256 * 1024) << "growing " << growing << " raw " << raw;
  EXPECT_LT(compact, growing);
  EXPECT_LT(compact, raw * 6 / 10) << "compact " << compact << " raw " << raw;
  const Trial read = read_trial(file, "01");
  EXPECT_TRUE(read.samples.host_time_s.empty()) << "no host times given: no host_time dataset";
  EXPECT_EQ(read.samples.torque_nm, samples.torque_nm);
}

TEST(TrialRecorder, SecondTrialIntoFinishedSession_BothKept) {
  TempDir dir;
  const auto file = dir / "rec.h5";
  const SampleColumns first = testing::knee_signal(3000, 1000, false, 1);
  const SampleColumns second = testing::knee_signal(4000, 1000, true, 2);
  {
    TrialRecorder recorder(file, testing::session_info(), testing::full_trial_info("01"));
    record_in_blocks(recorder, first, 1000);
    recorder.finish(testing::full_trial_info("01"));
  }
  {
    TrialRecorder recorder(file, testing::session_info(), testing::full_trial_info("02"));
    record_in_blocks(recorder, second, 1000);
    recorder.finish(testing::full_trial_info("02"));
  }
  const Session read = read_session(file);
  ASSERT_EQ(read.trials.size(), 2u);
  EXPECT_EQ(read.trials[0].info.id, "01");
  EXPECT_EQ(read.trials[0].samples.angle_deg, first.angle_deg);
  EXPECT_EQ(read.trials[1].info.id, "02");
  EXPECT_EQ(read.trials[1].samples.angle_deg, second.angle_deg);
  EXPECT_EQ(read.trials[1].samples.host_time_s, second.host_time_s);
  EXPECT_TRUE(plain_hdf5_open_works(file));
}

TEST(TrialRecorder, OtherRootObjects_SurviveRecordingAndRecovery) {
  TempDir dir;
  const auto file = dir / "rec.h5";
  Session session;
  session.info = testing::session_info();
  session.trials.push_back({testing::full_trial_info("01"), testing::knee_signal(100)});
  write_session(file, session, WriteMode::create);
  {  // an /analysis group holding a dataset, as `isokin analyze --write` stores results
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    const hid_t g = H5Gcreate2(f, "analysis", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const hsize_t dims[1] = {3};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    const hid_t d = H5Dcreate2(g, "values", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const double values[3] = {1.5, 2.5, 3.5};
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
    H5Dclose(d);
    H5Sclose(space);
    H5Gclose(g);
    H5Fclose(f);
  }
  {
    TrialRecorder recorder(file, testing::session_info(), testing::full_trial_info("02"));
    recorder.append(testing::knee_signal(100).span());
    recorder.finish(testing::full_trial_info("02"));
  }
  recover_session(file);
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t d = H5Dopen2(f, "/analysis/values", H5P_DEFAULT);
  ASSERT_GE(d, 0) << "/analysis was lost by a rewrite";
  double values[3] = {0, 0, 0};
  EXPECT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), 0);
  EXPECT_EQ(values[2], 3.5);
  H5Dclose(d);
  H5Fclose(f);
  EXPECT_EQ(list_trials(file).size(), 2u);
}

TEST(TrialRecorder, OtherSubjectsFile_RefusedUnlessOverwrite) {
  TempDir dir;
  const auto file = dir / "rec.h5";
  {
    TrialRecorder recorder(file, testing::session_info("A"), testing::full_trial_info("01"));
    recorder.finish(testing::full_trial_info("01"));
  }
  const std::string before = testing::file_bytes(file);
  EXPECT_THROW(TrialRecorder(file, testing::session_info("B"), testing::full_trial_info("02")), StoreError);
  EXPECT_EQ(testing::file_bytes(file), before);
  RecorderOptions overwrite;
  overwrite.overwrite = true;
  {
    TrialRecorder recorder(file, testing::session_info("B"), testing::full_trial_info("02"), overwrite);
    recorder.finish(testing::full_trial_info("02"));
  }
  EXPECT_EQ(read_session_info(file).subject.id, "B");
  EXPECT_EQ(list_trials(file).size(), 1u);
}

TEST(TrialRecorder, SameTrialIdTwice_Refused) {
  TempDir dir;
  const auto file = dir / "rec.h5";
  {
    TrialRecorder recorder(file, testing::session_info(), testing::full_trial_info("01"));
    recorder.finish(testing::full_trial_info("01"));
  }
  EXPECT_THROW(TrialRecorder(file, testing::session_info(), testing::full_trial_info("01")), StoreError);
}

TEST(TrialRecorder, DestroyedWithoutFinish_FlushedSamplesReadable) {
  TempDir dir;
  const auto file = dir / "rec.h5";
  const SampleColumns samples = testing::knee_signal(5000);
  {
    TrialRecorder recorder(file, testing::session_info(), testing::full_trial_info("01"));
    recorder.append(samples.span());
  }
  const Trial read = read_trial(file, "01");
  EXPECT_EQ(read.samples.velocity_deg_s, samples.velocity_deg_s);
}

TEST(TrialRecorder, ColumnsOfDifferentLength_Refused) {
  TempDir dir;
  SampleColumns samples = testing::knee_signal(100);
  samples.torque_nm.pop_back();
  TrialRecorder recorder(dir / "rec.h5", testing::session_info(), testing::full_trial_info("01"));
  EXPECT_THROW(recorder.append(samples.span()), Error);
}

}  // namespace
}  // namespace isokin::store
