// Counts repetitions live from the angle, so a recording can stop when the protocol's
// repetitions are done even with a device that does not stop by itself.
//
// A repetition is an extension followed by a flexion back (docs/acquisition.md):
// the angle falls by more than a hysteresis from a maximum, then rises back to
// within the hysteresis of that maximum. The hysteresis (default 5 deg) keeps
// sensor noise and the pause at each end from counting as direction changes.
#pragma once

namespace isokin::device {

class RepetitionCounter {
 public:
  explicit RepetitionCounter(double hysteresis_deg = 5.0) : hysteresis_deg_(hysteresis_deg) {}

  void add(double angle_deg);
  int completed() const { return completed_; }

 private:
  enum class Phase { start, extending, flexing };
  double hysteresis_deg_;
  Phase phase_ = Phase::start;
  bool has_angle_ = false;
  double high_deg_ = 0;   // flexed end where the current repetition began
  double low_deg_ = 0;    // extended end reached in this repetition
  int completed_ = 0;
};

}  // namespace isokin::device
