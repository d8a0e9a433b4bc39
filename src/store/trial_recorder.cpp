// TrialRecorder: one trial appended to a session file as samples arrive, readable
// by SWMR readers while it grows (recipe and traps: ../shared/deps.md section 2).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cmath>
#include <system_error>

#include "model/physical_limits.hpp"
#include "store/compact_copy.hpp"
#include "store/file_replace.hpp"
#include "store/hdf5_schema.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {

struct TrialRecorder::Impl {
  explicit Impl(const std::filesystem::path& file) : lock(file, "isokin recording") {}
  WriterLock lock;  // one writer at a time, held until the recorder is gone
  std::filesystem::path path;
  h5::Where file_where;
  h5::Where trial_where;
  std::string trial_id;
  h5::Id file;
  h5::Id group;
  TrialDatasets datasets;
  hsize_t written = 0;  // samples every channel holds
  hsize_t flushed = 0;  // samples the file's samples_flushed mark promises
  std::string write_failure;  // set when a write failed (disk full): no more appends
  int host_time_state = -1;  // -1 unknown until the first samples, 0 none, 1 recorded
  bool finished = false;

  void close_all() {
    datasets = TrialDatasets{};
    group = h5::Id{};
    file.close(file_where);
  }
  // After a failed write: leave the file as its last flush left it (SWMR keeps that
  // state consistent on disk); `isokin recover` restores it once there is room.
  void abandon_all() {
    for (h5::Id* id : {&datasets.time, &datasets.torque, &datasets.angle, &datasets.velocity, &datasets.host_time,
                       &datasets.gaps, &group, &file})
      id->abandon();
  }
};

namespace {

// "f: obj: cannot flush (unable to flush dataset: File too large)" -> "File too large".
std::string innermost_reason(const std::string& message) {
  const auto open = message.rfind('(');
  const auto close = message.find(')', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return message;
  std::string inner = message.substr(open + 1, close - open - 1);
  const auto colon = inner.rfind(": ");
  return colon == std::string::npos ? inner : inner.substr(colon + 2);
}

// Leaves `path` as a session file of `session`'s subject in the SWMR-capable format,
// or throws. Returns false when there is no usable file and one must be created.
bool prepare_existing(const std::filesystem::path& path, const SessionInfo& session, const TrialInfo& trial,
                      const RecorderOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return false;
  const h5::Where where{path.string()};
  unsigned superblock = 0;
  {
    OpenedSession existing;
    try {
      existing = open_session_for_read(path);
    } catch (const StoreError&) {
      if (options.overwrite) return false;
      throw;
    }
    if (existing.swmr)
      h5::refuse(where, "is still open for writing by a recorder (or one was killed): run `isokin recover` first");
    const SessionInfo in_file = read_session_attrs(existing.file.get(), existing.where);
    if (in_file.subject.id != session.subject.id) {
      if (options.overwrite) return false;
      require_same_subject(in_file, session, where);
    }
    if (h5::has_link(existing.file.get(), schema::kTrials, where)) {
      h5::Id trials = h5::open_group(existing.file.get(), schema::kTrials, where);
      if (h5::has_link(trials.get(), trial.id, where.child(schema::kTrials)))
        h5::refuse(where, fmt::format("already has a trial '{}'", trial.id));
    }
    superblock = h5::superblock_version(existing.file, where);
    if (superblock < 3) {
      // SWMR needs the HDF5 1.10 file format; finished files use the older, more widely
      // readable one. Rewrite it (atomically) before recording into it.
      TempFileBeside temp(path);
      copy_session(existing, temp.path(), h5::Format::swmr);
      existing.file.close(where);
      temp.commit();
    }
  }
  return true;
}

}  // namespace

TrialRecorder::TrialRecorder(const std::filesystem::path& file, const SessionInfo& session, const TrialInfo& trial,
                             const RecorderOptions& options)
    : impl_(std::make_unique<Impl>(file)) {
  h5::silence_hdf5();
  Impl& m = *impl_;
  m.path = file;
  m.file_where = h5::Where{file.string()};
  m.trial_id = trial.id;
  if (auto problem = limits::trial_info_problem(trial)) h5::refuse(m.file_where, *problem);
  if (auto problem = limits::session_info_problem(session)) h5::refuse(m.file_where, *problem);
  if (prepare_existing(file, session, trial, options)) {
    m.file = h5::open_file(file, H5F_ACC_RDWR, h5::Format::swmr);
  } else {
    m.file = h5::create_file(file, h5::Format::swmr);
    write_session_skeleton(m.file, session, m.file_where);
  }
  const h5::Where trials_where = m.file_where.child(schema::kTrials);
  m.trial_where = trials_where.child(trial.id);
  {
    h5::Id trials = h5::open_group(m.file.get(), schema::kTrials, m.file_where);
    m.group = h5::create_group(trials.get(), trial.id, trials_where);
  }
  // Everything (host_time included, in case the device gives host times) exists
  // before SWMR starts: objects created after it are not SWMR-safe.
  write_trial_attrs(m.group.get(), trial, true, m.trial_where);
  const h5::ChunkedLayout layout{std::max<hsize_t>(options.chunk_samples, 1), std::clamp(options.deflate_level, 0, 9)};
  m.datasets = create_trial_datasets(m.group.get(), 0, layout, true, m.trial_where);
  write_samples_flushed(m.group.get(), 0, m.trial_where);
  h5::start_swmr_write(m.file, m.file_where);
}

TrialRecorder::~TrialRecorder() {
  if (!impl_ || impl_->finished || !impl_->file) return;
  if (!impl_->write_failure.empty()) {
    impl_->abandon_all();
    return;
  }
  try {
    flush();
    impl_->close_all();
  } catch (const std::exception&) {
    // A destructor cannot report; what was flushed before stays readable.
  }
}

void TrialRecorder::append(const SampleSpan& samples) {
  Impl& m = *impl_;
  if (m.finished) throw Error(fmt::format("{}: trial already finished", m.trial_where.object));
  const std::size_t n = samples.size();
  if (n == 0) return;
  if (samples.torque_nm.size() != n || samples.angle_deg.size() != n || samples.velocity_deg_s.size() != n ||
      (!samples.host_time_s.empty() && samples.host_time_s.size() != n))
    throw Error(fmt::format("{}: {}: sample columns differ in length", m.file_where.file, m.trial_where.object));
  if (m.host_time_state < 0) m.host_time_state = samples.host_time_s.empty() ? 0 : 1;
  const std::array<std::span<const double>, 4> columns{samples.time_s, samples.torque_nm, samples.angle_deg,
                                                       samples.velocity_deg_s};
  if (!m.write_failure.empty()) throw StoreError(m.write_failure);
  const auto channels = m.datasets.channels();
  try {
    for (std::size_t c = 0; c < columns.size(); ++c)
      h5::append_series(*channels[c], m.written, columns[c], m.trial_where.child(kChannelNames[c]));
    if (m.host_time_state == 1) {
      const h5::Where at = m.trial_where.child(schema::kHostTime);
      if (samples.host_time_s.empty()) {  // the source stopped giving host times: mark them unknown
        const std::vector<double> unknown(n, std::nan(""));
        h5::append_series(m.datasets.host_time, m.written, unknown, at);
      } else {
        h5::append_series(m.datasets.host_time, m.written, samples.host_time_s, at);
      }
    }
  } catch (const StoreError& e) {
    // Typically a full disk. The datasets may have been extended past what was written:
    // the samples_flushed mark keeps readers from taking those as zeros, and finish()
    // cuts the channels back. Keep what is safely there and say so in one line.
    try {
      flush_samples();
    } catch (const StoreError&) {
      // The mark stays at the last successful flush.
    }
    record_write_failure(e);
    throw StoreError(m.write_failure);
  }
  m.written += n;
}

void TrialRecorder::flush() {
  Impl& m = *impl_;
  if (m.finished) return;
  if (!m.write_failure.empty()) throw StoreError(m.write_failure);
  try {
    flush_samples();
  } catch (const StoreError& e) {
    record_write_failure(e);
    throw StoreError(m.write_failure);
  }
}

void TrialRecorder::flush_samples() {
  Impl& m = *impl_;
  const auto channels = m.datasets.channels();
  for (std::size_t c = 0; c < channels.size(); ++c)
    h5::flush_dataset(*channels[c], m.trial_where.child(kChannelNames[c]));
  if (m.host_time_state == 1) h5::flush_dataset(m.datasets.host_time, m.trial_where.child(schema::kHostTime));
  // Only after the samples are on disk does the mark promise them.
  if (m.flushed != m.written) {
    write_samples_flushed(m.group.get(), m.written, m.trial_where);
    if (H5Oflush(m.group.get()) < 0) h5::fail(m.trial_where, "cannot flush the samples_flushed mark");
    m.flushed = m.written;
  }
}

void TrialRecorder::record_write_failure(const StoreError& error) {
  Impl& m = *impl_;
  m.written = m.flushed;  // what was appended after the last flush is not on disk
  const auto dir = m.path.has_parent_path() ? m.path.parent_path() : std::filesystem::path(".");
  // One line: the folder (disk), why, and what is safe. The file keeps the last flush;
  // when it cannot be finished in place, `isokin recover` on a disk with room restores it.
  m.write_failure = fmt::format("{}: recording stopped: cannot write to {} ({}); the {} samples flushed before are kept",
                                m.path.string(), dir.string(), innermost_reason(error.what()), m.flushed);
}

void TrialRecorder::finish(const TrialInfo& final_info) {
  Impl& m = *impl_;
  if (m.finished) return;
  if (!m.write_failure.empty()) {
    // No room to finish: the file keeps its last flush, marked as a recording cut short.
    m.abandon_all();
    m.finished = true;
    throw StoreError(fmt::format("{}; the file could not be finished on this disk: free space, then run "
                                 "`isokin recover {}`",
                                 m.write_failure, m.path.string()));
  }
  flush();
  m.close_all();
  m.finished = true;
  finish_in_place(final_info);
  // Frequent flushes rewrote compressed chunks and left the old ones as dead space:
  // copy to a fresh, compact file in the widely readable format, and swap it in.
  // On a full disk the copy fails: the file as finished in place is whole, keep it.
  try {
    TempFileBeside temp(m.path);
    {
      const OpenedSession source = open_session_for_read(m.path);
      copy_session(source, temp.path(), h5::Format::finished);
    }
    temp.commit();
  } catch (const StoreError&) {
    // A full disk: the file as finished in place is whole and readable; keep it.
    const auto dir = m.path.has_parent_path() ? m.path.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    const auto space = std::filesystem::space(dir, ec);
    if (ec || space.available > 0) throw;
  }
}

void TrialRecorder::finish_in_place(const TrialInfo& final_info) {
  Impl& m = *impl_;
  {
    // Final attribute values are written outside SWMR, in place: should compaction
    // fail (disk full), the file is still complete.
    // A SWMR reader that is just finishing its last read holds HDF5's file lock for a
    // moment: wait for it, boundedly.
    std::string error;
    h5::Id file;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!(file = h5::try_open_file(m.path, H5F_ACC_RDWR, h5::Format::swmr, &error)) &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!file) h5::refuse(m.file_where, error);
    h5::Id trials = h5::open_group(file.get(), schema::kTrials, m.file_where);
    h5::Id group = h5::open_group(trials.get(), m.trial_id, m.file_where.child(schema::kTrials));
    TrialInfo info = final_info;
    info.id = m.trial_id;
    write_trial_attrs(group.get(), info, false, m.trial_where);
    write_samples_flushed(group.get(), m.written, m.trial_where);
    TrialDatasets datasets = open_trial_datasets(group.get(), m.trial_where);
    // A failed append may have extended some channels past what was written: cut them
    // back, so the finished trial holds exactly what was recorded (no zeros).
    const std::array<hsize_t, 1> dims{m.written}, none{0};
    for (const h5::Id* channel : datasets.channels()) h5::set_extent(*channel, dims, m.trial_where);
    if (datasets.host_time) h5::set_extent(datasets.host_time, m.host_time_state == 1 ? dims : none, m.trial_where);
    write_gaps(datasets, info.gaps, m.trial_where);
    datasets = TrialDatasets{};
    group = h5::Id{};
    trials = h5::Id{};
    file.close(m.file_where);
  }
}

std::size_t TrialRecorder::samples_written() const { return impl_->written; }

const std::filesystem::path& TrialRecorder::file() const { return impl_->path; }

}  // namespace isokin::store
