// Device clock to trial time, gaps, and the rate the device clock really shows.
//
// Device time is authoritative for sample spacing (docs/acquisition.md): a sample's
// time_s is its t_us minus the first sample's, in seconds. A jump of more than 1.5
// nominal periods, or a link loss, is a gap (RecordingGap, lost samples estimated as
// round(gap / period - 1)). A device whose clock restarted after a reconnect is
// re-based so that trial time keeps growing: the outage is taken from the host clock.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "device/acquisition/acquired_sample.hpp"
#include "model/trial.hpp"

namespace isokin::device {

class SampleTimeline {
 public:
  explicit SampleTimeline(double nominal_rate_hz) : nominal_rate_hz_(nominal_rate_hz) {}

  // The trial time of `s`, in order of arrival; records a gap before it if there is one.
  double place(const AcquiredSample& s);

  const std::vector<RecordingGap>& gaps() const { return gaps_; }
  // Sample intervals per second of device time, over the stretches without gaps;
  // 0 until two samples in one stretch arrived.
  double measured_rate_hz() const;
  // The same from the host clock at receipt (bursty, but shows a drifting device clock).
  double host_rate_hz() const;

 private:
  double period_s() const;

  double nominal_rate_hz_;
  std::optional<std::uint64_t> last_t_us_;
  double last_time_s_ = 0;
  double last_host_s_ = 0;
  double offset_s_ = 0;          // added to device time after a clock restart
  std::uint64_t base_t_us_ = 0;  // device time of trial time offset_s_
  std::uint64_t intervals_ = 0;  // sample intervals within stretches
  double stretch_time_s_ = 0;    // device time covered by those intervals
  std::uint64_t samples_ = 0;
  double first_host_s_ = 0;
  std::vector<RecordingGap> gaps_;
};

}  // namespace isokin::device
