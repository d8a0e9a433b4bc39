#include "device/acquisition/live_feed.hpp"

#include <algorithm>

namespace isokin::device {

LiveFeed::LiveFeed(std::size_t capacity) : ring_(std::max<std::size_t>(capacity, 1)) {}

void LiveFeed::write_locked(const Sample& s) {
  ring_[next_] = s;
  next_ = (next_ + 1) % ring_.size();
  ++total_;
}

void LiveFeed::publish(const SampleSpan& samples, const LiveStatus& status) {
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    // Keep only what the ring could show anyway, so pending_ stays bounded too.
    for (std::size_t i = 0; i < samples.size(); ++i) pending_.push_back(samples[i]);
    if (pending_.size() > ring_.size()) {
      pending_.erase(pending_.begin(), pending_.end() - static_cast<std::ptrdiff_t>(ring_.size()));
    }
    return;
  }
  for (const auto& s : pending_) write_locked(s);
  pending_.clear();
  const std::size_t skip = samples.size() > ring_.size() ? samples.size() - ring_.size() : 0;
  total_ += skip;
  for (std::size_t i = skip; i < samples.size(); ++i) write_locked(samples[i]);
  status_ = status;
}

void LiveFeed::copy_latest(SampleColumns& out, std::size_t max) const {
  std::lock_guard lock(mutex_);
  out.clear();
  const std::size_t available = std::min(total_, ring_.size());
  const std::size_t n = std::min(available, max);
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t index = (next_ + ring_.size() - n + k) % ring_.size();
    out.push_back(ring_[index]);
  }
}

LiveStatus LiveFeed::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::size_t LiveFeed::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace isokin::device
