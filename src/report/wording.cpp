#include "report/wording.hpp"

#include <fmt/format.h>

#include <cmath>

namespace isokin::report {

std::string format_value(double value, int decimals) {
  if (!std::isfinite(value)) return "—";
  return fmt::format("{:.{}f}", value, decimals);
}

std::string format_velocity(double velocity_deg_s) {
  if (!std::isfinite(velocity_deg_s)) return "—";
  return fmt::format("{:g}°/s", velocity_deg_s);
}

std::string side_label(Side side) { return side == Side::left ? "Left" : "Right"; }

std::string muscle_label(Muscle muscle) { return muscle == Muscle::quadriceps ? "Quadriceps" : "Hamstrings"; }

std::string contraction_label(Contraction contraction) {
  switch (contraction) {
    case Contraction::concentric: return "concentric";
    case Contraction::eccentric: return "eccentric";
    case Contraction::isometric: return "isometric";
  }
  return "";
}

std::string mode_label(TestMode mode) {
  switch (mode) {
    case TestMode::con_con: return "concentric / concentric";
    case TestMode::ecc_ecc: return "eccentric / eccentric";
    case TestMode::con_ecc: return "concentric / eccentric";
    case TestMode::isometric: return "isometric";
    case TestMode::passive: return "passive";
  }
  return "";
}

std::string ratio_label(const analysis::HqRatio& ratio) {
  if (ratio.kind == analysis::RatioKind::functional) {
    return fmt::format("Functional Hecc {} / Qcon {}", format_velocity(ratio.hamstrings_velocity_deg_s),
                       format_velocity(ratio.quadriceps_velocity_deg_s));
  }
  if (ratio.kind == analysis::RatioKind::isometric) return fmt::format("Isometric H:Q at {:.0f}°", ratio.angle_deg);
  return fmt::format("Conventional H:Q {}", format_velocity(ratio.velocity_deg_s));
}

std::string cutoff_label(const std::optional<analysis::Cutoff>& cutoff, bool percent) {
  if (!cutoff) return "";
  const char* direction = cutoff->comparison == analysis::Comparison::below ? "below" : "over";
  return percent ? fmt::format("{} {:g} %", direction, cutoff->value) : fmt::format("{} {:.2f}", direction, cutoff->value);
}

std::string ratio_reading(const analysis::HqRatio& ratio) {
  if (!std::isfinite(ratio.value)) return "Could not be computed";
  if (!ratio.cutoff) return "No cut-off for this pairing";
  if (!ratio.flag) return "Within the reference range";
  if (ratio.kind == analysis::RatioKind::functional) {
    return "Low: weak hamstring braking";
  }
  return "Low: weak hamstrings";
}

std::string bilateral_reading(const analysis::BilateralComparison& c) {
  if (!std::isfinite(c.deficit_percent)) return "Could not be compared";
  // Deficit and LSI are of the involved side (or the report's reference side).
  const std::string side = side_label(c.involved);
  if (c.deficit_flag) return fmt::format("{} clearly weaker", side);
  if (c.lsi_flag) return fmt::format("{} not yet symmetric", side);
  if (c.deficit_percent < 0) return fmt::format("{} the stronger", side);
  return "Sides comparable";
}

std::string effort_reading(const analysis::EffortSummary& summary) {
  if (summary.cv_flag) return "Uneven: effort doubtful";
  if (!std::isfinite(summary.peak_torque_nm)) return "No valid repetition";
  return "";
}

}  // namespace isokin::report
