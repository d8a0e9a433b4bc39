// The session file's layout on top of hdf5_handle: session and trial attributes,
// the trial's datasets, and opening a file as an isokin session (schema checked).
// Shared by the writer, the recorder, the reader, compaction and recovery.
#pragma once

#include <array>
#include <filesystem>
#include <string>

#include "model/session.hpp"
#include "store/hdf5_handle.hpp"

namespace isokin::store {

inline constexpr hsize_t kCompactChunkSamples = 16384;  // chunk of finished files: 128 KiB per channel
inline constexpr int kDeflateLevel = 4;

// --- session (root) ----------------------------------------------------------------
void write_session_attrs(hid_t root, const SessionInfo& info, const h5::Where& where);
SessionInfo read_session_attrs(hid_t root, const h5::Where& where);
// The root attribute involved_side alone (absent = unknown; another value is refused).
void write_involved_side(hid_t root, InvolvedSide involved, const h5::Where& where);
InvolvedSide read_involved_side(hid_t root, const h5::Where& where);
// Refuses another schema or a newer schema_version with one line naming the file.
void check_schema(hid_t root, const h5::Where& where);

// --- trials ----------------------------------------------------------------------------
void write_trial_attrs(hid_t group, const TrialInfo& info, bool recording, const h5::Where& where);
TrialInfo read_trial_attrs(hid_t group, const std::string& id, const h5::Where& where);
bool trial_is_recording(hid_t group, const h5::Where& where);  // a recorder never finished it

struct TrialDatasets {
  h5::Id time, torque, angle, velocity;
  h5::Id host_time;  // invalid when the trial has no host times
  h5::Id gaps;
  std::array<const h5::Id*, 4> channels() const { return {&time, &torque, &angle, &velocity}; }
};
inline constexpr std::array<const char*, 4> kChannelNames{"time", "torque", "angle", "velocity"};

TrialDatasets create_trial_datasets(hid_t group, hsize_t initial_size, const h5::ChunkedLayout& layout,
                                    bool with_host_time, const h5::Where& where);
TrialDatasets open_trial_datasets(hid_t group, const h5::Where& where);

// How many samples of a trial are real. A finished trial's channels must hold the same
// number of samples, every chunk written (else StoreError naming channel and counts).
// A trial being recorded, or cut short by a kill or a full disk, holds what its
// recorder last flushed (attribute samples_flushed), per channel never more than
// was written; host_time is optional and never shortens the required channels
// (it is dropped when it holds fewer).
struct SampleCount {
  hsize_t samples = 0;
  bool host_time = false;  // host_time holds those samples too
};
SampleCount trial_sample_count(hid_t group, const TrialDatasets& datasets, const h5::Where& where);
// The recorder's flush mark: written (0) before SWMR starts, updated after each flush.
void write_samples_flushed(hid_t group, std::uint64_t samples, const h5::Where& where);
void write_gaps(const TrialDatasets& datasets, const std::vector<RecordingGap>& gaps, const h5::Where& where);
std::vector<RecordingGap> read_gaps(hid_t group, const h5::Where& where);

// --- opening for reading ---------------------------------------------------------------
struct OpenedSession {
  h5::Id file;
  bool swmr = false;          // opened with SWMR read: being written, or left by a killed writer
  h5::Where where;
};
// What to do with a file left marked "open for write" by a recorder no longer running.
enum class KilledWriter {
  refuse,  // tell the user to run `isokin recover` (every command but recover)
  read,    // read what was flushed, with SWMR read access (recover)
};
// Missing file, not a regular file, not HDF5, cut short, another schema, newer
// schema_version, links or storage outside the file: StoreError naming the file.
// A file a live recorder writes (it holds the writer lock) is opened with SWMR read
// access, with bounded metadata retries; no other file is.
OpenedSession open_session_for_read(const std::filesystem::path& file, KilledWriter killed = KilledWriter::refuse);

// Creates the session file's skeleton: root attributes and the empty /trials group.
void write_session_skeleton(const h5::Id& file, const SessionInfo& info, const h5::Where& where);

// The file's subject id, for refusing to mix subjects in one session file.
void require_same_subject(const SessionInfo& in_file, const SessionInfo& incoming, const h5::Where& where);

}  // namespace isokin::store
