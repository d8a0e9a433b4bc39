// What a recorded value can physically be (docs/refused-input.md, "Plausibility").
//
// The bounds are wide on purpose: they catch damage and crafted files (a torque of
// 1e308, a body mass of 1e-300, a gravity torque of -1000 N*m), never a strong
// athlete. Each check returns why a value is refused, naming value and range, or
// nullopt; the caller adds the file and object.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "model/samples.hpp"
#include "model/session.hpp"
#include "model/trial.hpp"

namespace isokin::limits {

struct Range {
  double min;
  double max;
  const char* unit;
};

// The largest dynamometers are rated to ~700 N*m; the human knee does not reach 1000.
inline constexpr Range kTorqueNm{-1000, 1000, "N*m"};
// Joint angles of every joint a dynamometer tests, with room for offsets.
inline constexpr Range kAngleDeg{-360, 360, "deg"};
// Isokinetic machines run to 500 deg/s; a free-moving limb can exceed that, not 5000.
inline constexpr Range kVelocityDegS{-5000, 5000, "deg/s"};
inline constexpr Range kBodyMassKg{10, 400, "kg"};
// The weight of a limb on the lever: a leg gives tens of N*m; negative is not a weight.
inline constexpr Range kGravityTorqueNm{0, 300, "N*m"};
inline constexpr Range kGravityAngleDeg{-180, 180, "deg"};
inline constexpr Range kSampleRateHz{1, 100'000, "Hz"};  // also the rate measured from the time column

// "value V is outside R (min..max unit)", or nullopt; NaN/inf are refused too.
std::optional<std::string> out_of_range(double value, const Range& range);

// The first implausible sample: non-finite or out-of-range values, times not strictly
// increasing, channels of different lengths, a rate outside kSampleRateHz.
// "torque sample 123: value 1e+308 N*m outside -1000..1000 N*m".
std::optional<std::string> samples_problem(const SampleColumns& samples);

// The same checks in pieces, for a reader that checks each chunk while it is still in
// the cache (store/channel_reader) instead of passing over the columns again. When
// every piece passes, samples_problem finds nothing; when one fails, the caller runs
// samples_problem for the message.
//
// Whether every value lies in the range (NaN and infinities do not).
bool all_within(std::span<const double> values, const Range& range);

// A stretch of a time column: its ends, its smallest and largest step, and whether it
// increases strictly. Stretches are joined in order (the step between them counts).
struct TimeStretch {
  std::size_t count = 0;
  double first = 0;
  double last = 0;
  double min_step = 0;  // meaningful when count >= 2
  double max_step = 0;
  bool increasing = true;
};
TimeStretch time_stretch(std::span<const double> time_s);
TimeStretch join(const TimeStretch& before, const TimeStretch& after);
// Finite ends, strictly increasing, and every step's rate within kSampleRateHz (so the
// median step's rate is too): time passes samples_problem.
bool time_plainly_valid(const TimeStretch& whole);

// Trial metadata: preset velocities, rates, range of motion, limb gravity.
std::optional<std::string> trial_info_problem(const TrialInfo& info);

// Session metadata: body mass (NaN = unknown is fine), subject id.
std::optional<std::string> session_info_problem(const SessionInfo& info);

}  // namespace isokin::limits
