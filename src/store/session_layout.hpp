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
// Samples every channel holds (a killed writer may have extended some channels further).
hsize_t complete_samples(const TrialDatasets& datasets, const h5::Where& where);
void write_gaps(const TrialDatasets& datasets, const std::vector<RecordingGap>& gaps, const h5::Where& where);
std::vector<RecordingGap> read_gaps(hid_t group, const h5::Where& where);

// --- opening for reading ---------------------------------------------------------------
struct OpenedSession {
  h5::Id file;
  bool swmr = false;          // opened with SWMR read: being written, or left by a killed writer
  h5::Where where;
};
// Missing file, not HDF5, another schema, newer schema_version: StoreError naming the file.
// A file marked open for write is opened with SWMR read access.
OpenedSession open_session_for_read(const std::filesystem::path& file);

// Creates the session file's skeleton: root attributes and the empty /trials group.
void write_session_skeleton(const h5::Id& file, const SessionInfo& info, const h5::Where& where);

// The file's subject id, for refusing to mix subjects in one session file.
void require_same_subject(const SessionInfo& in_file, const SessionInfo& incoming, const h5::Where& where);

}  // namespace isokin::store
