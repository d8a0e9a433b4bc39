// One trial: one joint, one side, one test mode, a set of repetitions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/counted_movements.hpp"
#include "model/samples.hpp"
#include "model/test_mode.hpp"

namespace isokin {

// The torque the passive limb exerts on the dynamometer, weighed at one angle.
// Analysis scales it by the cosine of the limb's angle from horizontal
// (docs/metrics.md, gravity correction).
struct LimbGravity {
  double torque_nm = 0;  // magnitude of the limb-weight torque at angle_deg
  double angle_deg = 0;  // knee flexion angle at which it was weighed
};

// A stretch of time in which the device was silent or unreachable.
struct RecordingGap {
  double start_s = 0;           // last sample time before the gap
  double end_s = 0;             // first sample time after it
  std::uint64_t lost_samples = 0;  // estimated from the device clock
};

// What the acquisition saw of the link (issue 6); zero for imported trials.
struct LinkCounts {
  std::uint64_t samples = 0;
  std::uint64_t corrupt_frames = 0;
  std::uint64_t lost_frames = 0;
  std::uint64_t lost_samples = 0;
  std::uint64_t unknown_frames = 0;
  std::uint64_t reconnects = 0;
};

struct TrialInfo {
  std::string id;                   // unique in the session, e.g. "01-left-con-con-60"; an HDF5 group name
  std::string joint = "knee";
  Side side = Side::left;
  TestMode mode = TestMode::con_con;
  double velocity_ext_deg_s = 0;    // preset extension speed, magnitude (0 for isometric)
  double velocity_flex_deg_s = 0;   // preset flexion speed, magnitude
  double sample_rate_hz = 0;        // nominal (what the device claims)
  double measured_rate_hz = 0;      // from the device clock; 0 when unknown
  int reps_requested = 0;           // 0 = not set
  double rom_min_deg = 0;           // range of motion asked for; both 0 = not set
  double rom_max_deg = 0;
  std::optional<LimbGravity> gravity;
  std::string started_at;           // ISO 8601 local time with offset, e.g. "2026-11-26T16:20:53+00:00"
  std::string source;               // device URI, "import:FILE.csv", ...
  std::string device_model;         // from HELLO, when a device said so
  std::string device_serial;
  std::string device_firmware;
  std::string device_calibration;   // HELLO's "calibration" object as JSON text; empty when not sent
  LinkCounts counts;
  std::vector<RecordingGap> gaps;
  std::vector<CountedMovement> counted;  // movements the device counted; empty = all (model/counted_movements.hpp)
};

struct Trial {
  TrialInfo info;
  SampleColumns samples;
};

}  // namespace isokin
