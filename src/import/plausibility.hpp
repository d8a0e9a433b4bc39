// Plausibility at the import door: before anything is written, the samples must be
// finite, in physical ranges, with time strictly increasing at a plausible rate and
// velocities that fit the preset. A failure names the file, the channel, the value,
// the range, and the likely cause ("time looks like ms read as s").
#pragma once

#include <string>
#include <vector>

#include "model/samples.hpp"

namespace isokin::import {

// The ranges (kept here, with the importer; docs/import.md lists them).
inline constexpr double kMaxTorqueNm = 1000;       // beyond any human joint
inline constexpr double kMaxAngleDeg = 360;
inline constexpr double kMaxVelocityDegS = 1000;   // beyond any dynamometer
inline constexpr double kMinRateHz = 10;
inline constexpr double kMaxRateHz = 10000;
inline constexpr double kMaxSpanS = 4 * 3600;

struct PlausibilityContext {
  double declared_rate_hz = 0;   // what the file states; 0 = nothing
  double preset_ext_deg_s = 0;   // 0 = no preset
  double preset_flex_deg_s = 0;
  bool moving = true;            // false for isometric and passive trials
};

// Throws InputError naming `file`; returns notes for what is odd but possible (a
// return movement at another speed than the preset).
std::vector<std::string> check_plausibility(const SampleColumns& samples, const std::string& file,
                                            const PlausibilityContext& context);

// 1 / median time step (the samples' times must strictly increase).
double median_rate_hz(const SampleColumns& samples);

}  // namespace isokin::import
