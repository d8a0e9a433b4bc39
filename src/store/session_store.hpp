// The HDF5 session file (format "isokin-session", schema_version 1): the one public
// interface of src/store. Only this module includes <hdf5.h>.
//
// File layout, attributes and units: docs/hdf5-schema.md (kept in step with
// hdf5_schema.hpp, which names every group, dataset and attribute, and with the
// round-trip tests in tests/store/).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/session.hpp"

namespace isokin::store {

// A file that is not an isokin session, is of a newer schema_version, or is damaged.
// The message names the file and what is wrong with it.
class StoreError : public InputError {
 public:
  using InputError::InputError;
};

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

struct TrialSummary {
  TrialInfo info;
  std::size_t sample_count = 0;
  double first_time_s = 0;  // device time of the first and last sample (0 when empty)
  double last_time_s = 0;
  bool unfinished = false;  // a recorder is writing it, or was killed before finishing it
};

// Reads a whole session (metadata and every trial's samples) into memory.
// Opens files still being written, or left behind by a killed writer, with SWMR
// read access, so what was flushed is always readable.
Session read_session(const std::filesystem::path& file);

// read_session with a look at the file's trials first, through the same opened file:
// `before_samples` gets every trial's summary (TrialTimes::skip) and throws to refuse
// the file before any sample is read (`isokin batch`'s completeness check). Opening a
// session (schema and self-containment checks) is 7 % of a small file's work.
using TrialListCheck = std::function<void(const std::vector<TrialSummary>&)>;
Session read_session(const std::filesystem::path& file, const TrialListCheck& before_samples);

// Metadata only (no samples): for listings, batch planning and the dashboard.
SessionInfo read_session_info(const std::filesystem::path& file);
// TrialTimes::skip leaves first_time_s and last_time_s at 0: each of them inflates a
// whole chunk, which a caller wanting only ids, counts and states need not pay for
// (`isokin batch` checks every file this way before reading it).
enum class TrialTimes { read, skip };
std::vector<TrialSummary> list_trials(const std::filesystem::path& file, TrialTimes times = TrialTimes::read);

// One trial's samples, read with both cores inflating chunks where it pays.
Trial read_trial(const std::filesystem::path& file, const std::string& trial_id);

// How many threads inflate a trial's chunks in this process (default 2; 0 is taken
// as 1). `isokin batch` sets 1 in its workers: the worker processes already fill the
// cores, and a helper thread per trial would only compete with them.
void set_read_threads(unsigned threads);

// ---------------------------------------------------------------------------
// Writing whole trials (import, tests, export round trips)
// ---------------------------------------------------------------------------

enum class WriteMode {
  create,            // refuse if the file exists
  overwrite,         // replace an existing file (--force)
  append,            // add trials to an existing session of the same subject
};

// Writes `session` (or, with WriteMode::append, adds its trials to the file). The
// file appears whole or not at all: everything goes to a temporary file beside it
// which is renamed over the target only once complete, so a failure leaves an
// existing file exactly as it was.
void write_session(const std::filesystem::path& file, const Session& session, WriteMode mode);

// ---------------------------------------------------------------------------
// Recording a trial as samples arrive (acquisition)
// ---------------------------------------------------------------------------

struct RecorderOptions {
  bool overwrite = false;        // replace an existing file that belongs to another subject/session
  std::size_t chunk_samples = 4096;
  // Deflate level while recording. 0 (the default) writes the growing trial
  // uncompressed: a flush then rewrites the partial chunk in place, where a compressed
  // chunk is recompressed and moved at every flush (20x slower and it bloats the file;
  // docs/benchmarks.md, HDF5 store). finish() and recover_session write the finished
  // file with shuffle + deflate whatever this is.
  int deflate_level = 0;
};

// Appends one trial to a session file while it is being acquired.
//
// The constructor creates the file (or opens an existing session of the same
// subject), creates the trial's group, datasets and attributes, then starts SWMR
// write mode: from then on a concurrent SWMR reader (h5py swmr=True, the dashboard)
// sees every flushed sample. append() writes straight through; flush() makes what
// was appended durable and visible; the caller flushes at least once a second.
// finish() writes the final attributes (counts, gaps, measured rate), ends SWMR and
// rewrites the file compactly (frequent flushes of compressed chunks bloat it), so a
// closed recording opens in any HDF5 reader without options.
class TrialRecorder {
 public:
  TrialRecorder(const std::filesystem::path& file, const SessionInfo& session, const TrialInfo& trial,
                const RecorderOptions& options = {});
  ~TrialRecorder();  // without finish(): flushes and closes, leaving a valid SWMR file
  TrialRecorder(const TrialRecorder&) = delete;
  TrialRecorder& operator=(const TrialRecorder&) = delete;

  // A failed write (disk full) stops the recorder: append and flush then throw one
  // StoreError line naming the folder, the reason and how many samples were kept (the
  // last flush); finish() still ends the trial with those samples where the disk allows.
  void append(const SampleSpan& samples);
  void flush();
  void finish(const TrialInfo& final_info);

  std::size_t samples_written() const;
  const std::filesystem::path& file() const;

 private:
  void flush_samples();
  void finish_in_place(const TrialInfo& final_info);
  void record_write_failure(const StoreError& error);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------
// Repair
// ---------------------------------------------------------------------------

struct RecoveryReport {
  std::size_t trials = 0;
  std::size_t samples = 0;
  bool was_open_for_write = false;  // the file carried the "open for write" mark of a killed writer
  std::filesystem::path source;     // the file read: `file` itself, or a killed recording's working file
};

// Turns a file left by a killed writer into an ordinary, compact session file that
// plain readers open, keeping every sample flushed before the kill.
//
// A killed `isokin acquire` leaves its samples in its working file beside the target
// (".NAME.tmp-PID-N"; working_files.hpp). When `file` does not exist, or is older than
// such a working file, that working file is recovered into `file` and then removed;
// with several, InputError lists them and `from` names the one to use (a path, or a
// name beside `file`). All under `file`'s writer lock, replaced atomically.
RecoveryReport recover_session(const std::filesystem::path& file,
                               const std::optional<std::filesystem::path>& from = std::nullopt);

}  // namespace isokin::store
