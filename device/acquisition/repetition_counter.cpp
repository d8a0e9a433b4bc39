#include "device/acquisition/repetition_counter.hpp"

#include <algorithm>

namespace isokin::device {

void RepetitionCounter::add(double angle_deg) {
  if (!has_angle_) {
    has_angle_ = true;
    high_deg_ = low_deg_ = angle_deg;
    return;
  }
  switch (phase_) {
    case Phase::start:  // waiting for the first extension: follow the flexed end upwards
      high_deg_ = std::max(high_deg_, angle_deg);
      if (angle_deg < high_deg_ - hysteresis_deg_) {
        phase_ = Phase::extending;
        low_deg_ = angle_deg;
      }
      break;
    case Phase::extending:
      low_deg_ = std::min(low_deg_, angle_deg);
      if (angle_deg > low_deg_ + hysteresis_deg_) phase_ = Phase::flexing;
      break;
    case Phase::flexing:
      if (angle_deg >= high_deg_ - hysteresis_deg_) {
        ++completed_;
        phase_ = Phase::start;
        high_deg_ = angle_deg;
      } else if (angle_deg < low_deg_) {
        // Turned back before reaching the start: still the same extension.
        phase_ = Phase::extending;
        low_deg_ = angle_deg;
      }
      break;
  }
}

}  // namespace isokin::device
