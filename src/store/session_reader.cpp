// read_session, read_session_info, list_trials, read_trial.
#include <fmt/format.h>

#include "model/physical_limits.hpp"
#include "store/channel_reader.hpp"
#include "store/hdf5_schema.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"

namespace isokin::store {
namespace {

// The trials of a session; a session without any is refused (it is not a recording).
std::vector<std::string> trial_ids(const OpenedSession& session) {
  if (!h5::has_link(session.file.get(), schema::kTrials, session.where))
    h5::refuse(session.where, "holds no trials (no /trials group): not a recorded session");
  h5::Id trials = h5::open_group(session.file.get(), schema::kTrials, session.where);
  auto ids = h5::link_names(trials.get(), session.where.child(schema::kTrials));
  if (ids.empty()) h5::refuse(session.where.child(schema::kTrials), "holds no trials: not a recorded session");
  return ids;
}

// The plausibility door (docs/refused-input.md): what a file says is checked before use.
TrialInfo checked_trial_attrs(hid_t group, const std::string& id, const h5::Where& where) {
  TrialInfo info = read_trial_attrs(group, id, where);
  if (auto problem = limits::trial_info_problem(info)) h5::refuse(where, *problem);
  return info;
}

SessionInfo checked_session_attrs(const OpenedSession& session) {
  SessionInfo info = read_session_attrs(session.file.get(), session.where);
  if (auto problem = limits::session_info_problem(info)) h5::refuse(session.where, *problem);
  return info;
}

Trial read_trial_from(const OpenedSession& session, const std::string& id) {
  const h5::Where trials_where = session.where.child(schema::kTrials);
  h5::Id trials = h5::open_group(session.file.get(), schema::kTrials, session.where);
  if (!h5::has_link(trials.get(), id, trials_where))
    h5::refuse(session.where, fmt::format("no trial '{}' in this session", id));
  const h5::Where where = trials_where.child(id);
  h5::Id group = h5::open_group(trials.get(), id, trials_where);
  Trial trial;
  trial.info = checked_trial_attrs(group.get(), id, where);
  const TrialDatasets datasets = open_trial_datasets(group.get(), where);
  // A recorder creates host_time up front; an empty one means the source had no host clock.
  const SampleCount count = trial_sample_count(group.get(), datasets, where);
  const hsize_t n = count.samples;
  const bool host_time = count.host_time;
  SampleColumns& s = trial.samples;
  s.time_s.resize(n);
  s.torque_nm.resize(n);
  s.angle_deg.resize(n);
  s.velocity_deg_s.resize(n);
  using Kind = ChannelCheck::Kind;
  std::vector<ChannelRead> reads{
      {&datasets.time, s.time_s, where.child(schema::kTime), {Kind::time}},
      {&datasets.torque, s.torque_nm, where.child(schema::kTorque), {Kind::range, limits::kTorqueNm}},
      {&datasets.angle, s.angle_deg, where.child(schema::kAngle), {Kind::range, limits::kAngleDeg}},
      {&datasets.velocity, s.velocity_deg_s, where.child(schema::kVelocity), {Kind::range, limits::kVelocityDegS}},
  };
  if (host_time) {
    s.host_time_s.resize(n);
    reads.push_back({&datasets.host_time, s.host_time_s, where.child(schema::kHostTime), {}});
  }
  ChannelReadOptions options;
  // Chunks of a trial being written may change under us (or sit in the writer's
  // cache, in this same process): let HDF5 read those.
  options.raw_chunks = !session.swmr && !trial_is_recording(group.get(), where);
  const std::vector<ChannelVerdict> found = read_channels(reads, options);
  // The inflating threads checked every chunk; only when one failed (or a channel was
  // read by HDF5 itself) is the whole trial checked again, for the message.
  bool plainly_plausible = true;
  for (std::size_t r = 0; r < reads.size(); ++r) {
    const ChannelCheck::Kind kind = reads[r].check.kind;
    if (kind == ChannelCheck::Kind::none) continue;
    const ChannelVerdict& v = found[r];
    plainly_plausible = plainly_plausible && v.checked &&
                        (kind == ChannelCheck::Kind::time ? limits::time_plainly_valid(v.time) : v.within);
  }
  if (!plainly_plausible)
    if (auto problem = limits::samples_problem(trial.samples)) h5::refuse(where, *problem);
  return trial;
}

std::vector<TrialSummary> trial_summaries(const OpenedSession& session, TrialTimes times) {
  std::vector<TrialSummary> summaries;
  const h5::Where trials_where = session.where.child(schema::kTrials);
  for (const auto& id : trial_ids(session)) {
    h5::Id trials = h5::open_group(session.file.get(), schema::kTrials, session.where);
    h5::Id group = h5::open_group(trials.get(), id, trials_where);
    const h5::Where where = trials_where.child(id);
    TrialSummary summary;
    summary.info = checked_trial_attrs(group.get(), id, where);
    const TrialDatasets datasets = open_trial_datasets(group.get(), where);
    summary.sample_count = trial_sample_count(group.get(), datasets, where).samples;
    summary.unfinished = trial_is_recording(group.get(), where);
    if (summary.sample_count > 0 && times == TrialTimes::read) {
      const h5::Where time_where = where.child(schema::kTime);
      h5::read_series(datasets.time, 0, std::span(&summary.first_time_s, 1), time_where);
      h5::read_series(datasets.time, summary.sample_count - 1, std::span(&summary.last_time_s, 1), time_where);
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

Session read_opened_session(const OpenedSession& session) {
  Session result;
  result.info = checked_session_attrs(session);
  for (const auto& id : trial_ids(session)) result.trials.push_back(read_trial_from(session, id));
  return result;
}

}  // namespace

Session read_session(const std::filesystem::path& file) { return read_opened_session(open_session_for_read(file)); }

Session read_session(const std::filesystem::path& file, const TrialListCheck& before_samples) {
  const OpenedSession session = open_session_for_read(file);
  before_samples(trial_summaries(session, TrialTimes::skip));
  return read_opened_session(session);
}

SessionInfo read_session_info(const std::filesystem::path& file) {
  const OpenedSession session = open_session_for_read(file);
  return checked_session_attrs(session);
}

std::vector<TrialSummary> list_trials(const std::filesystem::path& file, TrialTimes times) {
  return trial_summaries(open_session_for_read(file), times);
}

Trial read_trial(const std::filesystem::path& file, const std::string& trial_id) {
  const OpenedSession session = open_session_for_read(file);
  return read_trial_from(session, trial_id);
}

}  // namespace isokin::store
