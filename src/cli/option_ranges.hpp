// The range of every quantity the commands take, defined once: `--help` prints the
// range that the check enforces, and `acquire`, `import`, `analyze`, ... agree on it.
//
//   cmd->add_option("--velocity", v, "Preset velocity both ways, deg/s")->check(range(kVelocityDegS));
#pragma once

#include <CLI/CLI.hpp>

#include "model/physical_limits.hpp"

namespace isokin::cli {

struct OptionRange {
  double min;
  double max;
};

// Preset speed of an isokinetic movement: the protocol files allow the same
// (src/session_protocol/test_protocol.cpp) and no dynamometer in use exceeds 500 deg/s.
inline constexpr OptionRange kVelocityDegS{1, 500};
// Knee angle (deg of flexion, 0 = full extension) at which the limb was weighed: a knee
// flexes to about 150 deg at most; below 0 leaves room for hyperextension and a
// dynamometer's zero offset. The analysis refuses a weighing within 5 deg of vertical.
inline constexpr OptionRange kGravityAngleDeg{-30, 150};
// The relaxed shank and foot; what a session file may hold, as for the body mass.
inline constexpr OptionRange kGravityTorqueNm{limits::kGravityTorqueNm.min, limits::kGravityTorqueNm.max};
// What a session file may hold (src/model/physical_limits.hpp): an option never takes a
// value the reader would then refuse.
inline constexpr OptionRange kBodyMassKg{limits::kBodyMassKg.min, limits::kBodyMassKg.max};
inline constexpr OptionRange kRepetitions{0, 10000};
inline constexpr OptionRange kDurationS{0.001, 86400};
inline constexpr OptionRange kFilterHz{0, 500};  // 0 = off; above half a 1 kHz rate is meaningless

inline CLI::Range range(OptionRange r) { return CLI::Range(r.min, r.max); }

}  // namespace isokin::cli
