#include "device/acquisition/sample_timeline.hpp"

#include <cmath>

namespace isokin::device {

double SampleTimeline::period_s() const { return nominal_rate_hz_ > 0 ? 1.0 / nominal_rate_hz_ : 0.0; }

double SampleTimeline::place(const AcquiredSample& s) {
  const std::uint64_t t = s.sample.t_us;
  if (!last_t_us_) {
    base_t_us_ = t;
    offset_s_ = 0;
    first_host_s_ = s.host_time_s;
  } else if (t < *last_t_us_) {
    // The device clock went back (it restarted): continue after the outage seen by the host.
    const double outage_s = std::max(s.host_time_s - last_host_s_, period_s());
    offset_s_ = last_time_s_ + outage_s;
    base_t_us_ = t;
  }
  const double time_s = offset_s_ + static_cast<double>(t - base_t_us_) / 1e6;
  if (last_t_us_) {
    const double dt = time_s - last_time_s_;
    const double period = period_s();
    const bool jumped = period > 0 && dt > 1.5 * period;
    if (jumped || s.after_link_loss) {
      RecordingGap gap{last_time_s_, time_s, 0};
      if (period > 0 && dt > period) gap.lost_samples = static_cast<std::uint64_t>(std::llround(dt / period - 1.0));
      gaps_.push_back(gap);
    } else if (dt >= 0) {
      ++intervals_;
      stretch_time_s_ += dt;
    }
  }
  last_t_us_ = t;
  last_time_s_ = time_s;
  last_host_s_ = s.host_time_s;
  ++samples_;
  return time_s;
}

double SampleTimeline::measured_rate_hz() const {
  return stretch_time_s_ > 0 ? static_cast<double>(intervals_) / stretch_time_s_ : 0.0;
}

double SampleTimeline::host_rate_hz() const {
  const double span = last_host_s_ - first_host_s_;
  return samples_ > 1 && span > 0 ? static_cast<double>(samples_ - 1) / span : 0.0;
}

}  // namespace isokin::device
