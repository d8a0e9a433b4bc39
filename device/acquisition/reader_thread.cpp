#include "device/acquisition/reader_thread.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace isokin::device {

ReaderThread::ReaderThread(Device& device, std::size_t queue_capacity, std::chrono::milliseconds read_timeout)
    : device_(device), queue_(std::bit_ceil(std::max<std::size_t>(queue_capacity, 2))), read_timeout_(read_timeout) {}

ReaderThread::~ReaderThread() { stop(); }

LinkCounts ReaderThread::counts() const {
  std::lock_guard lock(counts_mutex_);
  return counts_;
}

void ReaderThread::start() {
  {
    std::lock_guard lock(counts_mutex_);
    counts_ = device_.counts();  // before the thread exists: no race
  }
  stop_requested_ = false;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void ReaderThread::stop() {
  stop_requested_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
}

std::exception_ptr ReaderThread::take_error() {
  std::lock_guard lock(error_mutex_);
  return std::exchange(error_, nullptr);
}

void ReaderThread::push_all(std::vector<AcquiredSample>& batch) {
  std::span<const AcquiredSample> rest(batch);
  while (!rest.empty()) {
    const std::size_t n = queue_.push(rest);
    rest = rest.subspan(n);
    // Store (pushes) then load (waiting) against the consumer's store (waiting) then
    // load (pushes), all sequentially consistent: one side always sees the other's
    // store, so the recorder never sleeps through new samples until its timeout.
    // (Seq-cst operations rather than fences: ThreadSanitizer does not model fences.)
    pushes_.fetch_add(1, std::memory_order_seq_cst);
    if (consumer_waiting_.load(std::memory_order_seq_cst)) {
      std::lock_guard lock(wake_mutex_);
      wake_.notify_one();
    }
    if (!rest.empty()) {
      // Full: the recorder is behind. Wait for it rather than drop anything.
      full_waits_.fetch_add(1, std::memory_order_relaxed);
      if (stop_requested_.load(std::memory_order_acquire)) return;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  batch.clear();
}

void ReaderThread::run() {
  std::vector<DeviceSample> samples;
  std::vector<AcquiredSample> batch;
  bool lost_before_next = false;
  try {
    while (!stop_requested_.load(std::memory_order_acquire)) {
      samples.clear();
      const ReadResult result = device_.read(samples, read_timeout_);
      {
        const LinkCounts now = device_.counts();
        std::lock_guard lock(counts_mutex_);
        counts_ = now;
      }
      for (const auto& s : samples) {
        batch.push_back(AcquiredSample{s, result.host_time_s, lost_before_next});
        lost_before_next = false;
      }
      push_all(batch);
      if (result.status == ReadStatus::link_lost) {
        lost_before_next = true;
        link_up_ = false;
      } else if (!samples.empty()) {
        link_up_ = true;
      }
      if (result.status == ReadStatus::finished) {
        finished_ = true;
        break;
      }
    }
  } catch (...) {
    std::lock_guard lock(error_mutex_);
    error_ = std::current_exception();
  }
  running_.store(false, std::memory_order_release);
  std::lock_guard lock(wake_mutex_);
  wake_.notify_one();
}

std::size_t ReaderThread::take(std::vector<AcquiredSample>& out, std::size_t max, std::chrono::milliseconds wait) {
  std::size_t n = queue_.pop(out, max);
  if (n > 0 || wait.count() <= 0) return n;
  consumer_waiting_.store(true, std::memory_order_seq_cst);
  // Acquires the producer's head store when it pushed meanwhile (see push_all).
  (void)pushes_.load(std::memory_order_seq_cst);
  {
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, wait, [&] { return queue_.size() > 0 || !running(); });
  }
  consumer_waiting_.store(false, std::memory_order_seq_cst);
  return queue_.pop(out, max);
}

}  // namespace isokin::device
