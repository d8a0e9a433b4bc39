// The live view of an acquisition for the dashboard: the last seconds of samples and
// the link's state, copied by the viewer once per frame.
//
// The recorder never waits for a viewer: it publishes with try_lock and, if a viewer
// holds the lock at that moment, keeps the samples and publishes them with the next
// batch. Memory is fixed: a ring of `capacity` samples.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include "model/samples.hpp"
#include "model/trial.hpp"

namespace isokin::device {

struct LiveStatus {
  LinkCounts counts;
  int repetitions = 0;
  double measured_rate_hz = 0;
  double nominal_rate_hz = 0;
  std::size_t queue_depth = 0;   // samples waiting between reader and recorder
  bool link_up = true;
  // Seconds since the device was last heard (no sample, or its link down), and the
  // reconnect timeout that will end the trial (0 = none): the dashboard's countdown.
  double silent_s = 0;
  double reconnect_timeout_s = 0;
};

class LiveFeed {
 public:
  explicit LiveFeed(std::size_t capacity = 30'000);

  // Recorder side: never blocks.
  void publish(const SampleSpan& samples, const LiveStatus& status);

  // Viewer side: replaces `out` with the most recent samples (at most `max`), oldest first.
  void copy_latest(SampleColumns& out, std::size_t max) const;
  LiveStatus status() const;
  // Samples published since the start (lets a viewer tell whether anything is new).
  std::size_t total() const;

 private:
  void write_locked(const Sample& s);

  mutable std::mutex mutex_;
  std::vector<Sample> ring_;
  std::size_t next_ = 0;      // index of the next write
  std::size_t total_ = 0;     // samples ever published
  LiveStatus status_;
  std::vector<Sample> pending_;  // recorder-only: what a busy viewer made us keep
};

}  // namespace isokin::device
