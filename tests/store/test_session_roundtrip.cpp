// write_session / read_session / list_trials / read_trial: what is written is read back equal.
#include <gtest/gtest.h>

#include "store/session_store.hpp"
#include "test_support.hpp"

namespace isokin::store {
namespace {

using testing::TempDir;

void expect_same_info(const TrialInfo& a, const TrialInfo& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.joint, b.joint);
  EXPECT_EQ(a.side, b.side);
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.velocity_ext_deg_s, b.velocity_ext_deg_s);
  EXPECT_EQ(a.velocity_flex_deg_s, b.velocity_flex_deg_s);
  EXPECT_EQ(a.sample_rate_hz, b.sample_rate_hz);
  EXPECT_EQ(a.measured_rate_hz, b.measured_rate_hz);
  EXPECT_EQ(a.reps_requested, b.reps_requested);
  EXPECT_EQ(a.rom_min_deg, b.rom_min_deg);
  EXPECT_EQ(a.rom_max_deg, b.rom_max_deg);
  ASSERT_EQ(a.gravity.has_value(), b.gravity.has_value());
  if (a.gravity) {
    EXPECT_EQ(a.gravity->torque_nm, b.gravity->torque_nm);
    EXPECT_EQ(a.gravity->angle_deg, b.gravity->angle_deg);
  }
  EXPECT_EQ(a.started_at, b.started_at);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.device_model, b.device_model);
  EXPECT_EQ(a.device_serial, b.device_serial);
  EXPECT_EQ(a.device_firmware, b.device_firmware);
  EXPECT_EQ(a.counts.samples, b.counts.samples);
  EXPECT_EQ(a.counts.corrupt_frames, b.counts.corrupt_frames);
  EXPECT_EQ(a.counts.lost_frames, b.counts.lost_frames);
  EXPECT_EQ(a.counts.lost_samples, b.counts.lost_samples);
  EXPECT_EQ(a.counts.unknown_frames, b.counts.unknown_frames);
  EXPECT_EQ(a.counts.reconnects, b.counts.reconnects);
  ASSERT_EQ(a.gaps.size(), b.gaps.size());
  for (std::size_t i = 0; i < a.gaps.size(); ++i) {
    EXPECT_EQ(a.gaps[i].start_s, b.gaps[i].start_s);
    EXPECT_EQ(a.gaps[i].end_s, b.gaps[i].end_s);
    EXPECT_EQ(a.gaps[i].lost_samples, b.gaps[i].lost_samples);
  }
}

void expect_same_samples(const SampleColumns& a, const SampleColumns& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.time_s, b.time_s);
  EXPECT_EQ(a.torque_nm, b.torque_nm);
  EXPECT_EQ(a.angle_deg, b.angle_deg);
  EXPECT_EQ(a.velocity_deg_s, b.velocity_deg_s);
  EXPECT_EQ(a.host_time_s, b.host_time_s);
}

Session two_trial_session() {
  Session session;
  session.info = testing::session_info();
  Trial first{testing::full_trial_info("01-right-con-ecc-60"), testing::knee_signal(50'000, 1000, true)};
  Trial second;
  second.info.id = "02-left-isometric";
  second.info.side = Side::left;
  second.info.mode = TestMode::isometric;
  second.info.sample_rate_hz = 2000;
  second.info.source = "import:lab.csv";
  second.samples = testing::knee_signal(777, 2000, false, 3);
  session.trials = {first, second};
  return session;
}

TEST(SessionStore, WriteThenRead_EverythingEqual) {
  TempDir dir;
  const auto file = dir / "s.h5";
  const Session written = two_trial_session();
  write_session(file, written, WriteMode::create);
  const Session read = read_session(file);
  EXPECT_EQ(read.info.subject.id, "S017");
  EXPECT_EQ(read.info.subject.body_mass_kg, 72.5);
  EXPECT_EQ(read.info.date, "2026-11-26");
  EXPECT_EQ(read.info.notes, written.info.notes);
  EXPECT_EQ(read.info.protocol, "hq-screen");
  ASSERT_EQ(read.trials.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    expect_same_info(written.trials[i].info, read.trials[i].info);
    expect_same_samples(written.trials[i].samples, read.trials[i].samples);
  }
}

TEST(SessionStore, UnknownBodyMass_ReadBackAsNaN) {
  TempDir dir;
  Session session = two_trial_session();
  session.info.subject.body_mass_kg = std::numeric_limits<double>::quiet_NaN();
  write_session(dir / "s.h5", session, WriteMode::create);
  EXPECT_TRUE(std::isnan(read_session_info(dir / "s.h5").subject.body_mass_kg));
}

TEST(SessionStore, TrialsKeepTheirOrder_NotAlphabetical) {
  TempDir dir;
  Session session = two_trial_session();
  session.trials[0].info.id = "zeta";
  session.trials[1].info.id = "alpha";
  write_session(dir / "s.h5", session, WriteMode::create);
  const auto trials = list_trials(dir / "s.h5");
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[0].info.id, "zeta");
  EXPECT_EQ(trials[0].sample_count, 50'000u);
  EXPECT_EQ(trials[1].info.id, "alpha");
  EXPECT_EQ(trials[1].sample_count, 777u);
}

TEST(SessionStore, ReadSessionWithTrialCheck_SeesTheListFirst_RefusesBeforeTheSamples) {
  TempDir dir;
  const Session session = two_trial_session();
  write_session(dir / "s.h5", session, WriteMode::create);
  std::vector<TrialSummary> seen;
  const Session read = read_session(dir / "s.h5", [&](const std::vector<TrialSummary>& trials) { seen = trials; });
  ASSERT_EQ(seen.size(), 2u);
  ASSERT_EQ(read.trials.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(seen[i].info.id, session.trials[i].info.id);
    EXPECT_EQ(seen[i].sample_count, session.trials[i].samples.size());
    EXPECT_FALSE(seen[i].unfinished);
    expect_same_samples(session.trials[i].samples, read.trials[i].samples);
  }
  // What the check throws ends the read, and reaches the caller as it was.
  EXPECT_THROW(read_session(dir / "s.h5", [](const std::vector<TrialSummary>&) { throw InputError("refused"); }),
               InputError);
}

TEST(SessionStore, ReadWithOneInflateThread_SameSamples) {
  TempDir dir;
  Session session;
  session.info = testing::session_info();
  session.trials.push_back({testing::full_trial_info("big"), testing::knee_signal(300'001, 1000, true, 9)});
  write_session(dir / "s.h5", session, WriteMode::create);
  set_read_threads(1);
  const Trial one = read_trial(dir / "s.h5", "big");
  set_read_threads(2);
  expect_same_samples(session.trials[0].samples, one.samples);
}

TEST(SessionStore, ReadTrial_LargeTrialThroughParallelInflate_Equal) {
  TempDir dir;
  Session session;
  session.info = testing::session_info();
  // 16384-sample chunks: 300001 samples make 19 chunks, the last one partial.
  session.trials.push_back({testing::full_trial_info("big"), testing::knee_signal(300'001, 1000, true, 9)});
  write_session(dir / "s.h5", session, WriteMode::create);
  const Trial read = read_trial(dir / "s.h5", "big");
  expect_same_samples(session.trials[0].samples, read.samples);
}

TEST(SessionStore, ReadTrial_UnknownId_NamesFileAndTrial) {
  TempDir dir;
  write_session(dir / "s.h5", two_trial_session(), WriteMode::create);
  try {
    read_trial(dir / "s.h5", "nope");
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("s.h5"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'nope'"), std::string::npos) << e.what();
  }
}

TEST(SessionStore, CreateOverExistingFile_RefusedAndFileUntouched) {
  TempDir dir;
  const auto file = dir / "s.h5";
  write_session(file, two_trial_session(), WriteMode::create);
  const std::string before = testing::file_bytes(file);
  Session other = two_trial_session();
  other.info.subject.id = "S999";
  EXPECT_THROW(write_session(file, other, WriteMode::create), StoreError);
  EXPECT_EQ(testing::file_bytes(file), before);
  write_session(file, other, WriteMode::overwrite);
  EXPECT_EQ(read_session_info(file).subject.id, "S999");
}

TEST(SessionStore, AppendSameSubject_AddsTrialsAfterExisting) {
  TempDir dir;
  const auto file = dir / "s.h5";
  write_session(file, two_trial_session(), WriteMode::create);
  Session more;
  more.info = testing::session_info();
  more.trials.push_back({testing::full_trial_info("03-more"), testing::knee_signal(1000)});
  write_session(file, more, WriteMode::append);
  const auto trials = list_trials(file);
  ASSERT_EQ(trials.size(), 3u);
  EXPECT_EQ(trials[2].info.id, "03-more");
  EXPECT_EQ(read_trial(file, "03-more").samples.torque_nm, more.trials[0].samples.torque_nm);
}

TEST(SessionStore, AppendOtherSubject_RefusedFileByteIdentical) {
  TempDir dir;
  const auto file = dir / "s.h5";
  write_session(file, two_trial_session(), WriteMode::create);
  const std::string before = testing::file_bytes(file);
  Session other;
  other.info = testing::session_info("S999");
  other.trials.push_back({testing::full_trial_info("03-more"), testing::knee_signal(1000)});
  try {
    write_session(file, other, WriteMode::append);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("S017"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("S999"), std::string::npos) << e.what();
  }
  EXPECT_EQ(testing::file_bytes(file), before);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 1)
      << "no temporary file left behind";
}

TEST(SessionStore, AppendDuplicateTrialId_RefusedFileByteIdentical) {
  TempDir dir;
  const auto file = dir / "s.h5";
  const Session session = two_trial_session();
  write_session(file, session, WriteMode::create);
  const std::string before = testing::file_bytes(file);
  Session again;
  again.info = session.info;
  again.trials.push_back(session.trials[1]);
  EXPECT_THROW(write_session(file, again, WriteMode::append), StoreError);
  EXPECT_EQ(testing::file_bytes(file), before);
}

TEST(SessionStore, ColumnsOfDifferentLength_RefusedNothingWritten) {
  TempDir dir;
  Session session = two_trial_session();
  session.trials[1].samples.angle_deg.pop_back();
  EXPECT_THROW(write_session(dir / "s.h5", session, WriteMode::create), StoreError);
  EXPECT_FALSE(std::filesystem::exists(dir / "s.h5"));
}

}  // namespace
}  // namespace isokin::store
