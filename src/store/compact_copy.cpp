#include "store/compact_copy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "store/hdf5_schema.hpp"

namespace isokin::store {
namespace {

constexpr hsize_t kCopyBlock = 4 * kCompactChunkSamples;  // samples per channel held while copying

void check_trial_id(const std::string& id, const h5::Where& where) {
  if (id.empty() || id == "." || id == ".." || id.find('/') != std::string::npos)
    h5::refuse(where, fmt::format("invalid trial id '{}' (must be non-empty, without '/')", id));
}

}  // namespace

hsize_t compact_chunk(hsize_t n) { return std::clamp<hsize_t>(n, 1, kCompactChunkSamples); }

void write_trial(hid_t trials, const Trial& trial, const h5::Where& trials_where) {
  const TrialInfo& info = trial.info;
  check_trial_id(info.id, trials_where);
  const h5::Where where = trials_where.child(info.id);
  if (h5::has_link(trials, info.id, trials_where)) h5::refuse(where, "a trial with this id already exists");
  const SampleColumns& s = trial.samples;
  const std::size_t n = s.size();
  if (s.torque_nm.size() != n || s.angle_deg.size() != n || s.velocity_deg_s.size() != n ||
      (!s.host_time_s.empty() && s.host_time_s.size() != n))
    h5::refuse(where, "sample columns differ in length");
  h5::Id group = h5::create_group(trials, info.id, trials_where);
  write_trial_attrs(group.get(), info, false, where);
  const h5::ChunkedLayout layout{compact_chunk(n), kDeflateLevel};
  TrialDatasets d = create_trial_datasets(group.get(), n, layout, !s.host_time_s.empty(), where);
  h5::write_series(d.time, 0, s.time_s, where.child(schema::kTime));
  h5::write_series(d.torque, 0, s.torque_nm, where.child(schema::kTorque));
  h5::write_series(d.angle, 0, s.angle_deg, where.child(schema::kAngle));
  h5::write_series(d.velocity, 0, s.velocity_deg_s, where.child(schema::kVelocity));
  if (d.host_time) h5::write_series(d.host_time, 0, s.host_time_s, where.child(schema::kHostTime));
  write_gaps(d, info.gaps, where);
}

CopyStats copy_session(const OpenedSession& source, const std::filesystem::path& dest, h5::Format format) {
  CopyStats stats;
  const h5::Where dest_where{dest.string()};
  h5::Id out = h5::create_file(dest, format);
  write_session_skeleton(out, read_session_attrs(source.file.get(), source.where), dest_where);
  // Whatever else the session holds (/analysis, additions of later versions) is copied as is.
  const h5::Id source_root = h5::open_root(source.file, source.where);
  for (const auto& name : h5::link_names(source_root.get(), source.where))
    if (name != schema::kTrials) h5::copy_object(source.file.get(), name, out.get(), source.where);
  if (!h5::has_link(source.file.get(), schema::kTrials, source.where)) {
    out.close(dest_where);
    return stats;
  }
  const h5::Where src_trials_where = source.where.child(schema::kTrials);
  const h5::Where dst_trials_where = dest_where.child(schema::kTrials);
  h5::Id src_trials = h5::open_group(source.file.get(), schema::kTrials, source.where);
  h5::Id dst_trials = h5::open_group(out.get(), schema::kTrials, dest_where);
  std::vector<double> block;
  for (const auto& id : h5::link_names(src_trials.get(), src_trials_where)) {
    const h5::Where src_where = src_trials_where.child(id);
    const h5::Where dst_where = dst_trials_where.child(id);
    h5::Id src_group = h5::open_group(src_trials.get(), id, src_trials_where);
    const TrialInfo info = read_trial_attrs(src_group.get(), id, src_where);
    const TrialDatasets src = open_trial_datasets(src_group.get(), src_where);
    // Exactly what was flushed, per channel; a short optional host_time is dropped, never
    // allowed to cut the required channels.
    const SampleCount count = trial_sample_count(src_group.get(), src, src_where);
    const hsize_t n = count.samples;
    const bool host_time = count.host_time;
    h5::Id dst_group = h5::create_group(dst_trials.get(), id, dst_trials_where);
    // A trial its recorder never finished stays marked so (recording = 1): it was cut short.
    write_trial_attrs(dst_group.get(), info, trial_is_recording(src_group.get(), src_where), dst_where);
    TrialDatasets dst = create_trial_datasets(dst_group.get(), n, {compact_chunk(n), kDeflateLevel}, host_time, dst_where);
    std::vector<std::pair<const h5::Id*, const h5::Id*>> channels{
        {&src.time, &dst.time}, {&src.torque, &dst.torque}, {&src.angle, &dst.angle}, {&src.velocity, &dst.velocity}};
    if (host_time) channels.push_back({&src.host_time, &dst.host_time});
    for (const auto& [from, to] : channels) {
      for (hsize_t offset = 0; offset < n; offset += kCopyBlock) {
        block.resize(std::min(kCopyBlock, n - offset));
        h5::read_series(*from, offset, block, src_where);
        h5::write_series(*to, offset, block, dst_where);
      }
    }
    write_gaps(dst, info.gaps, dst_where);
    ++stats.trials;
    stats.samples += n;
  }
  dst_trials.close(dst_trials_where);
  out.close(dest_where);
  return stats;
}

}  // namespace isokin::store
