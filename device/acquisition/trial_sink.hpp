// Where an acquisition puts what it records: the device side emits samples to a
// TrialSink and asks a SessionSink for one TrialSink per trial. The store implements
// both for the session file (src/store/session_file_sink.hpp); tests use memory.
// Nothing here knows HDF5.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/samples.hpp"
#include "model/trial.hpp"

namespace isokin::device {

// One trial as it is recorded. append() and flush() come from the recording thread,
// in order; finish() ends the trial with its final attributes (counts, gaps, rate)
// and is called exactly once, on every exit path, by the recording service.
class TrialSink {
 public:
  virtual ~TrialSink() = default;
  virtual void append(const SampleSpan& samples) = 0;
  // Makes what was appended durable (the caller flushes at least once a second).
  virtual void flush() = 0;
  virtual void finish(const TrialInfo& final_info) = 0;
};

// The session the trials go to.
class SessionSink {
 public:
  virtual ~SessionSink() = default;
  // Opens a new trial. Throws (naming the file and trial) when it cannot.
  virtual std::unique_ptr<TrialSink> open_trial(const TrialInfo& info) = 0;
  // The ids already in the session, those recorded through this sink included.
  virtual std::vector<std::string> trial_ids() const = 0;
  // Ends the session: makes what was recorded permanent (the store renames its working
  // file over the target). Returns false when nothing was recorded and nothing changed.
  virtual bool commit() = 0;
};

}  // namespace isokin::device
