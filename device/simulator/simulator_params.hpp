// The simulated athlete and dynamometer, as parameters (docs/simulator.md lists each
// with its unit, default and allowed range).
//
// The parameters come from a sim:// URI query (`sim://?hq=0.55&seed=7`) and from a
// protocol file's [simulator] table; both are key/value text, parsed here once so
// that the in-process device, the byte-level emulator (isokin-devsim) and the
// protocol-file checker agree on every key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/test_mode.hpp"

namespace isokin::device::sim {

struct SimulatorParams {
  // Run ------------------------------------------------------------------------
  std::uint64_t seed = 1;           // seed           every random draw derives from it
  double rate_hz = 1000;            // rate           samples per second of device time
  double speed = 1;                 // speed          device seconds per wall second; 0 = as fast as possible

  // Athlete --------------------------------------------------------------------
  double body_mass_kg = 75;         // mass
  double quad_peak_nm_per_kg = 3.0; // quad_peak      quadriceps concentric peak at 60 deg/s, per kg body mass
  double hq = 0.6;                  // hq             hamstrings / quadriceps concentric peak at 60 deg/s
  double quad_angle_deg = 65;       // quad_angle     knee flexion of the quadriceps torque peak
  double ham_angle_deg = 30;        // ham_angle      knee flexion of the hamstrings torque peak
  double quad_fatigue = 0.01;       // quad_fatigue   fraction of quadriceps strength lost per repetition (compounding)
  double ham_fatigue = 0.01;        // ham_fatigue    same for the hamstrings
  double deficit_left = 0;          // deficit_left   left side weaker by this fraction (both muscles)
  double deficit_right = 0;         // deficit_right  (`injured=right&deficit=0.2` is the same as deficit_right=0.2)
  double rep_variation = 0;         // rep_var        SD of a per-effort strength factor (fraction; 0 = identical efforts)
  double vmax_deg_s = 1200;         // vmax           Hill: joint velocity at which concentric torque reaches 0
  double hill_k = 0.5;              // hill_k         Hill curvature a/F0 (larger = flatter)
  double ecc_max = 1.3;             // ecc_max        eccentric plateau as a multiple of isometric torque
  double ecc_speed_deg_s = 60;      // ecc_speed      eccentric velocity at which 63 % of the plateau rise is reached
  double limb_nm = -1;              // limb           limb-weight torque with the shank horizontal; <0 = from mass

  // Dynamometer and movement ----------------------------------------------------
  double rom_min_deg = 10;          // rom_min        default range of motion when START gives none
  double rom_max_deg = 90;          // rom_max
  double iso_angle_deg = 60;        // iso_angle      isometric hold angle when START gives no single angle
  double accel_deg_s2 = 3000;       // accel          mean acceleration of the lever up to the preset velocity
  double pause_s = 0.15;            // pause          stop at each end of the range (reversal)
  double overshoot = 0.2;           // overshoot      velocity overshoot at the start of a concentric window (fraction)
  double impact_nm_per_100 = 6;     // impact         torque spike when the machine catches the limb, N·m per 100 deg/s
  double weigh_angle_deg = 30;      // weigh_angle    angle at which weigh_limb() weighs the relaxed limb
  Muscle con_ecc_muscle = Muscle::quadriceps;  // con_ecc_muscle  the muscle group loaded in con-ecc mode

  // Sensors --------------------------------------------------------------------
  double noise_nm = 0.5;            // noise          torque noise SD
  double velocity_noise_deg_s = 0.2;// vel_noise      velocity noise SD
  double angle_resolution_deg = 0.1;// angle_res      encoder step (0 = not quantised)

  // The limb torque with the shank horizontal: `limb`, or from body mass (shank + foot
  // = 6.1 % of body mass with its centre of mass 0.25 m from the knee, Winter 2009).
  double limb_torque_nm() const;
  double deficit(Side side) const { return side == Side::left ? deficit_left : deficit_right; }
};

// Every key parse_simulator_params accepts, in documentation order.
const std::vector<std::string_view>& simulator_param_keys();

// Parses key/value text into parameters, starting from the defaults above.
// An unknown key or a bad value throws isokin::InputError
// "SOURCE: KEY: must be a number between 0 and 1.5 (got 'x')".
SimulatorParams parse_simulator_params(const std::map<std::string, std::string>& values, std::string_view source);

// The query of a sim:// URI as key/value text ("sim://?a=1&b=2"; "sim://" alone is
// empty). Throws InputError for anything that is not sim://[?k=v[&k=v...]] or a
// repeated key.
std::map<std::string, std::string> parse_sim_uri_query(std::string_view uri);

}  // namespace isokin::device::sim
