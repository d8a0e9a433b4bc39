// A bounded, lock-free, single-producer single-consumer ring (the reader thread
// pushes, the recorder pops).
//
// Wait-free on both sides: one atomic load and one store per operation. The two
// indices live on separate cache lines so the producer and the consumer do not
// bounce one line between cores (false sharing). Capacity is a power of two;
// indices grow without bound and are masked, so full and empty are told apart
// without a spare slot.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <stdexcept>
#include <vector>

namespace isokin::device {

inline constexpr std::size_t kCacheLineBytes = 64;

template <typename T>
class SpscRing {
 public:
  explicit SpscRing(std::size_t capacity_pow2) : slots_(capacity_pow2), mask_(capacity_pow2 - 1) {
    if (capacity_pow2 == 0 || (capacity_pow2 & mask_) != 0) {
      throw std::invalid_argument("SpscRing capacity must be a power of two");
    }
  }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  std::size_t capacity() const { return slots_.size(); }

  // Producer: copies as many of `items` as fit; returns how many.
  std::size_t push(std::span<const T> items) {
    const std::uint64_t head = head_.value.load(std::memory_order_relaxed);
    const std::uint64_t tail = tail_cache_;
    std::size_t free = slots_.size() - static_cast<std::size_t>(head - tail);
    if (free < items.size()) {
      tail_cache_ = tail_.value.load(std::memory_order_acquire);
      free = slots_.size() - static_cast<std::size_t>(head - tail_cache_);
    }
    const std::size_t n = items.size() < free ? items.size() : free;
    for (std::size_t i = 0; i < n; ++i) slots_[(head + i) & mask_] = items[i];
    head_.value.store(head + n, std::memory_order_release);
    return n;
  }

  // Consumer: appends up to `max` items to `out`; returns how many.
  std::size_t pop(std::vector<T>& out, std::size_t max) {
    const std::uint64_t tail = tail_.value.load(std::memory_order_relaxed);
    const std::uint64_t head = head_.value.load(std::memory_order_acquire);
    std::size_t n = static_cast<std::size_t>(head - tail);
    if (n > max) n = max;
    for (std::size_t i = 0; i < n; ++i) out.push_back(slots_[(tail + i) & mask_]);
    tail_.value.store(tail + n, std::memory_order_release);
    return n;
  }

  // Either side, approximate: for statistics.
  std::size_t size() const {
    return static_cast<std::size_t>(head_.value.load(std::memory_order_acquire) -
                                    tail_.value.load(std::memory_order_acquire));
  }

 private:
  struct alignas(kCacheLineBytes) Index {
    std::atomic<std::uint64_t> value{0};
  };

  std::vector<T> slots_;
  const std::size_t mask_;
  Index head_;                 // written by the producer
  Index tail_;                 // written by the consumer
  alignas(kCacheLineBytes) std::uint64_t tail_cache_ = 0;  // producer's last view of tail_
};

}  // namespace isokin::device
