// The reader thread: owns the Device while running, reads it and pushes every sample,
// with the host time of its arrival, into a bounded lock-free queue.
//
// It never drops a sample: when the queue is full it waits for the recorder (the
// device's own buffer, or the OS, absorbs the pause; the wait is counted). A device
// error ends the thread; the recorder sees it through take_error().
//
// The device's link counts are read on this thread only (after each read()) and
// published as a snapshot under a mutex: the recorder and live views read counts(),
// never the Device, while the thread runs.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "device/acquisition/acquired_sample.hpp"
#include "device/acquisition/spsc_ring.hpp"
#include "device/device.hpp"

namespace isokin::device {

class ReaderThread {
 public:
  // `queue_capacity` is rounded up to a power of two.
  ReaderThread(Device& device, std::size_t queue_capacity, std::chrono::milliseconds read_timeout);
  ~ReaderThread();  // stops and joins
  ReaderThread(const ReaderThread&) = delete;
  ReaderThread& operator=(const ReaderThread&) = delete;

  void start();
  void stop();  // asks the thread to end and joins it

  // Recorder side: moves queued samples into `out` (appends); waits up to `wait`
  // when nothing is queued. Returns how many were taken.
  std::size_t take(std::vector<AcquiredSample>& out, std::size_t max, std::chrono::milliseconds wait);

  bool running() const { return running_.load(std::memory_order_acquire); }
  bool device_finished() const { return finished_.load(std::memory_order_acquire); }
  // The exception that ended the thread, if any (once).
  std::exception_ptr take_error();
  std::size_t queue_depth() const { return queue_.size(); }
  std::uint64_t full_waits() const { return full_waits_.load(std::memory_order_relaxed); }
  bool link_up() const { return link_up_.load(std::memory_order_relaxed); }
  // The device's link counts as of its last read().
  LinkCounts counts() const;

 private:
  void run();
  void push_all(std::vector<AcquiredSample>& batch);

  Device& device_;
  SpscRing<AcquiredSample> queue_;
  std::chrono::milliseconds read_timeout_;
  std::thread thread_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> running_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> link_up_{true};
  std::atomic<std::uint64_t> full_waits_{0};
  // Wake-up of a sleeping recorder: the mutex is taken only when it sleeps.
  std::atomic<bool> consumer_waiting_{false};
  std::atomic<std::uint64_t> pushes_{0};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::mutex error_mutex_;
  std::exception_ptr error_;
  mutable std::mutex counts_mutex_;
  LinkCounts counts_;
};

}  // namespace isokin::device
