// Segmentation of a trial into efforts (one movement in one direction) from the
// velocity channel, checked against the angle.
//
// An effort is a run of samples whose velocity keeps one sign: it is found where
// |v| exceeds half the preset speed (the "core"), and extended both ways while |v|
// stays above the onset threshold (5 % of the preset, at least 2 deg/s), so it runs
// from movement onset to stop. It is kept only if the angle moved at least
// min_rom_deg the right way (net displacement), which rejects noise.
#pragma once

#include <span>
#include <vector>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

struct EffortSegment {
  SampleRange samples;
  Motion motion = Motion::extension;
  double rom_deg = 0;  // max - min angle inside the segment
};

enum class SegmentationOutcome { ok, no_movement, noise_only };

struct Segmentation {
  std::vector<EffortSegment> efforts;  // in time order
  SegmentationOutcome outcome = SegmentationOutcome::ok;
  double angle_range_deg = 0;          // of the whole trial
  std::size_t rejected = 0;            // velocity runs that did not move the angle enough
};

struct SegmentationPresets {
  double extension_deg_s = 0;  // preset speeds (magnitudes); 0 = unknown: estimated from the data
  double flexion_deg_s = 0;
  double min_rom_deg = 10;
};

Segmentation segment_efforts(std::span<const double> angle_deg, std::span<const double> velocity_deg_s,
                             const SegmentationPresets& presets);

// The speed a motion reached: the 95th percentile of |v| over samples moving that
// way (for trials without a preset).
double typical_speed_deg_s(std::span<const double> velocity_deg_s, Motion motion);

}  // namespace isokin::analysis
