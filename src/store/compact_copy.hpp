// Rewriting a session file compactly, chunk by chunk (never a whole trial in memory).
//
// Used when a recording finishes (its frequent flushes left rewritten chunks behind),
// by recover_session, and to move a session to the SWMR-capable format before a new
// trial is recorded into it.
#pragma once

#include <filesystem>

#include "store/session_layout.hpp"

namespace isokin::store {

struct CopyStats {
  std::size_t trials = 0;
  std::size_t samples = 0;
};

// Copies every trial of `source` (opened by open_session_for_read, SWMR or not) into
// a new file `dest` (truncated): attributes, the samples every channel holds, gaps;
// other objects at the root (/analysis) are copied as they are.
// Trials a recorder never finished are copied as they were when last flushed.
CopyStats copy_session(const OpenedSession& source, const std::filesystem::path& dest, h5::Format format);

// Writes one trial's samples into a fresh group under `trials` (whole-trial writes).
void write_trial(hid_t trials, const Trial& trial, const h5::Where& trials_where);

// Chunk size for a finished trial of n samples.
hsize_t compact_chunk(hsize_t n);

}  // namespace isokin::store
