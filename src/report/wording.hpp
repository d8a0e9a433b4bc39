// The words of the report: labels and plain-language readings of each flag, for a
// physiotherapist who has never used isokin. One place, so the PDF, the figures and
// the progress report say the same thing the same way.
#pragma once

#include <string>

#include "analysis/session_analysis.hpp"

namespace isokin::report {

std::string format_value(double value, int decimals);  // "—" for NaN
std::string format_velocity(double velocity_deg_s);     // "60°/s"
std::string side_label(Side side);                      // "Left", "Right"
std::string muscle_label(Muscle muscle);                // "Quadriceps", "Hamstrings"
std::string contraction_label(Contraction contraction); // "concentric", "eccentric", "isometric"
std::string mode_label(TestMode mode);                  // "concentric / concentric"

// "Conventional H:Q 60°/s" or "Functional H:Q (Hecc 30°/s / Qcon 240°/s)".
std::string ratio_label(const analysis::HqRatio& ratio);
// "below 0.47" / "over 15 %" from a cut-off row; empty when none.
std::string cutoff_label(const std::optional<analysis::Cutoff>& cutoff, bool percent);

// One short sentence per finding: what a flagged (or normal) value means.
std::string ratio_reading(const analysis::HqRatio& ratio);
std::string bilateral_reading(const analysis::BilateralComparison& comparison);
std::string effort_reading(const analysis::EffortSummary& summary);

}  // namespace isokin::report
