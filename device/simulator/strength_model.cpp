#include "device/simulator/strength_model.hpp"

#include <algorithm>
#include <cmath>

namespace isokin::device::sim {
namespace {

// Widths (deg) of the torque-angle curves on the extended (below the peak) and flexed
// side. Chosen so the quadriceps give ~30 % of peak at 10 deg and ~70 % at 90 deg, and
// the hamstrings ~80 % at 10 deg and ~50 % at 90 deg, as in isokinetic angle-torque
// data (e.g. Aagaard 1995; Kannus 1994).
struct Widths {
  double extended_deg;
  double flexed_deg;
};
constexpr Widths kQuadWidths{50, 45};
constexpr Widths kHamWidths{40, 70};
constexpr double kReferenceSpeed_deg_s = 60;  // quad_peak and hq are defined at 60 deg/s concentric

}  // namespace

double torque_angle_factor(const SimulatorParams& p, Muscle muscle, double angle_deg) {
  const bool quad = muscle == Muscle::quadriceps;
  const double peak = quad ? p.quad_angle_deg : p.ham_angle_deg;
  const Widths w = quad ? kQuadWidths : kHamWidths;
  const double x = (angle_deg - peak) / (angle_deg < peak ? w.extended_deg : w.flexed_deg);
  return std::exp(-x * x);
}

double force_velocity_factor(const SimulatorParams& p, Contraction contraction, double speed_deg_s) {
  const double v = std::abs(speed_deg_s);
  switch (contraction) {
    case Contraction::isometric:
      return 1.0;
    case Contraction::concentric: {
      if (v >= p.vmax_deg_s) return 0.0;
      // Hill (1938) in normalised form: (1 - v/vmax) / (1 + v / (k vmax)).
      return (1.0 - v / p.vmax_deg_s) / (1.0 + v / (p.hill_k * p.vmax_deg_s));
    }
    case Contraction::eccentric:
      // Rises from 1 (isometric) to the plateau ecc_max.
      return p.ecc_max - (p.ecc_max - 1.0) * std::exp(-v / p.ecc_speed_deg_s);
  }
  return 1.0;
}

double isometric_strength_nm(const SimulatorParams& p, Muscle muscle) {
  const double quad = p.quad_peak_nm_per_kg * p.body_mass_kg /
                      force_velocity_factor(p, Contraction::concentric, kReferenceSpeed_deg_s);
  return muscle == Muscle::quadriceps ? quad : p.hq * quad;
}

double fatigue_factor(const SimulatorParams& p, Muscle muscle, int rep_index) {
  const double rate = muscle == Muscle::quadriceps ? p.quad_fatigue : p.ham_fatigue;
  return std::pow(1.0 - rate, std::max(rep_index, 0));
}

double muscle_torque_nm(const SimulatorParams& p, Side side, Muscle muscle, Contraction contraction,
                        double angle_deg, double speed_deg_s, int rep_index) {
  return isometric_strength_nm(p, muscle) * (1.0 - p.deficit(side)) * fatigue_factor(p, muscle, rep_index) *
         torque_angle_factor(p, muscle, angle_deg) * force_velocity_factor(p, contraction, speed_deg_s);
}

double peak_torque_nm(const SimulatorParams& p, Side side, Muscle muscle, Contraction contraction,
                      double speed_deg_s, int rep_index) {
  const double peak_angle = muscle == Muscle::quadriceps ? p.quad_angle_deg : p.ham_angle_deg;
  return muscle_torque_nm(p, side, muscle, contraction, peak_angle, speed_deg_s, rep_index);
}

}  // namespace isokin::device::sim
