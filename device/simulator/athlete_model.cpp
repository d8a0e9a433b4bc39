#include "device/simulator/athlete_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "device/simulator/strength_model.hpp"

namespace isokin::device::sim {
namespace {

constexpr double kMaxVelocity_deg_s = 500;
constexpr double kMinRange_deg = 5;
constexpr double kMaxAngle_deg = 120;
constexpr double kActivationTau_s = 0.02;  // rise of a maximal effort's activation from the start of motion
// The impact spike, a sin^2 pulse over the first 20 ms of the 30 ms velocity overshoot:
// the machine brakes the limb while it is over speed, so an analysis that starts the
// window after the overshoot sees none of it.
constexpr double kImpact_s = 0.020;
constexpr double kIsoOn_s = 3;             // isometric: contraction length
constexpr double kIsoOff_s = 2;            //            rest between contractions
constexpr double kIsoTau_s = 0.15;         //            torque rise/fall time constant
constexpr std::uint64_t kNoiseStream = 1;
constexpr std::uint64_t kRepStream = 1000;
constexpr std::uint64_t kWeighStream = 2;

double pulse(double t, double length) {
  if (t <= 0 || t >= length) return 0;
  const double s = std::sin(std::numbers::pi * t / length);
  return s * s;
}

double muscle_sign(Muscle m) { return m == Muscle::quadriceps ? 1.0 : -1.0; }

// A standard normal from a hash, for draws that belong to an effort rather than to a
// sample (so they do not depend on the order samples are asked for).
double hashed_normal(std::uint64_t seed, std::uint64_t stream) {
  const std::uint64_t a = mix_seed(seed, stream * 2);
  const std::uint64_t b = mix_seed(seed, stream * 2 + 1);
  const double u1 = (static_cast<double>(a >> 11) + 1.0) * 0x1.0p-53;
  const double u2 = static_cast<double>(b >> 11) * 0x1.0p-53;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

void check_velocity(const char* name, double v) {
  if (!(v >= 1 && v <= kMaxVelocity_deg_s))
    throw DeviceError(fmt::format("{} {} deg/s is outside what the simulated dynamometer can do (1 to {} deg/s)", name,
                                  v, kMaxVelocity_deg_s));
}

}  // namespace

AthleteModel::AthleteModel(const SimulatorParams& params, const StartRequest& request, std::uint64_t seed)
    : params_(params), request_(request), side_(request.side), seed_(seed), noise_(mix_seed(seed, kNoiseStream)) {
  const TestMode mode = request.mode;
  const int reps = request.reps;
  if (reps < 0) throw DeviceError(fmt::format("reps {} is negative", reps));

  if (mode == TestMode::isometric) {
    isometric_ = true;
    const bool single_angle = request.rom_min_deg && request.rom_max_deg && *request.rom_min_deg == *request.rom_max_deg;
    iso_angle_deg_ = single_angle ? *request.rom_min_deg : params.iso_angle_deg;
    if (iso_angle_deg_ < 0 || iso_angle_deg_ > kMaxAngle_deg)
      throw DeviceError(fmt::format("isometric angle {} deg is outside 0 to {} deg", iso_angle_deg_, kMaxAngle_deg));
    effort_[0] = {true, Muscle::quadriceps, Contraction::isometric};
    effort_[1] = {true, Muscle::hamstrings, Contraction::isometric};
    lead_s_ = kIsoOff_s / 2;
    cycle_s_ = 2 * (kIsoOn_s + kIsoOff_s);
  } else {
    check_velocity("extension velocity", request.velocity_ext_deg_s);
    check_velocity("flexion velocity", request.velocity_flex_deg_s);
    const double lo = request.rom_min_deg.value_or(params.rom_min_deg);
    const double hi = request.rom_max_deg.value_or(params.rom_max_deg);
    if (lo < 0 || hi > kMaxAngle_deg || hi - lo < kMinRange_deg)
      throw DeviceError(fmt::format("range of motion {} to {} deg is not possible (0 to {} deg, at least {} deg wide)",
                                    lo, hi, kMaxAngle_deg, kMinRange_deg));
    switch (mode) {
      case TestMode::con_con:
        effort_[0] = {true, Muscle::quadriceps, Contraction::concentric};
        effort_[1] = {true, Muscle::hamstrings, Contraction::concentric};
        break;
      case TestMode::ecc_ecc:
        // The machine drives; the muscle resisting the motion is the one that lengthens.
        effort_[0] = {true, Muscle::hamstrings, Contraction::eccentric};
        effort_[1] = {true, Muscle::quadriceps, Contraction::eccentric};
        break;
      case TestMode::con_ecc:
        // One muscle group, concentric as it shortens and eccentric on the return.
        if (params.con_ecc_muscle == Muscle::quadriceps) {
          effort_[0] = {true, Muscle::quadriceps, Contraction::concentric};
          effort_[1] = {true, Muscle::quadriceps, Contraction::eccentric};
        } else {
          effort_[0] = {true, Muscle::hamstrings, Contraction::eccentric};
          effort_[1] = {true, Muscle::hamstrings, Contraction::concentric};
        }
        break;
      case TestMode::passive:
      case TestMode::isometric:
        effort_[0] = {};
        effort_[1] = {};
        break;
    }
    const auto overshoot_for = [&](const EffortPlan& e) {
      return e.active && e.contraction == Contraction::concentric ? params.overshoot : 0.0;
    };
    phase_[0] = PhaseProfile(hi, lo, request.velocity_ext_deg_s, params.accel_deg_s2, overshoot_for(effort_[0]));
    phase_[1] = PhaseProfile(lo, hi, request.velocity_flex_deg_s, params.accel_deg_s2, overshoot_for(effort_[1]));
    lead_s_ = params.pause_s;
    cycle_s_ = phase_[0].duration_s() + phase_[1].duration_s() + 2 * params.pause_s;
  }
  if (reps > 0) total_samples_ = static_cast<std::uint64_t>(std::ceil(duration_s() * params.rate_hz - 1e-9));
}

double AthleteModel::duration_s() const { return request_.reps > 0 ? lead_s_ + request_.reps * cycle_s_ : 0.0; }

double AthleteModel::effort_scale(Muscle muscle, int rep) const {
  if (params_.rep_variation <= 0) return 1.0;
  // One factor per repetition and muscle; never below 0.
  return std::max(0.0, 1.0 + params_.rep_variation * hashed_normal(seed_, kRepStream + static_cast<std::uint64_t>(rep) * 2 +
                                                                               (muscle == Muscle::quadriceps ? 0 : 1)));
}

// The signed muscle torque of movement phase `phase` (2 * rep + direction) at time t.
// Activation rises as the lever starts to move (time constant kActivationTau_s) and the
// torque falls with the lever's speed while it decelerates to the stop at the end of the
// range, so the pauses carry gravity only and efforts never overlap.
double AthleteModel::effort_torque(int phase, double t) const {
  if (phase < 0) return 0;
  const int rep = phase / 2;
  const int dir = phase % 2;
  if (request_.reps > 0 && rep >= request_.reps) return 0;
  const EffortPlan& e = effort_[dir];
  if (!e.active) return 0;
  const PhaseProfile& prof = phase_[dir];
  const double start = lead_s_ + rep * cycle_s_ + (dir == 1 ? phase_[0].duration_s() + params_.pause_s : 0.0);
  const double u = t - start;
  if (u < 0 || u >= prof.duration_s()) return 0;
  const PhaseKinematics k = prof.at(u);
  const double activation = 1 - std::exp(-u / kActivationTau_s);
  const double braking = u < prof.window_end_s() ? 1.0 : std::min(1.0, std::abs(k.velocity_deg_s) / prof.peak_speed_deg_s());
  double torque = activation * braking * effort_scale(e.muscle, rep) *
                  muscle_torque_nm(params_, side_, e.muscle, e.contraction, k.angle_deg, k.velocity_deg_s, rep);
  if (e.contraction == Contraction::concentric && prof.has_window()) {
    // The limb, accelerating freely, is caught by the machine at the preset velocity.
    const double impact = params_.impact_nm_per_100 * prof.peak_speed_deg_s() / 100;
    torque += impact * pulse(u - prof.window_start_s(), kImpact_s);
  }
  return muscle_sign(e.muscle) * torque;
}

double AthleteModel::isometric_torque_at(double t) const {
  double total = 0;
  const double local = t - lead_s_;
  const int rep = static_cast<int>(std::floor(local / cycle_s_));
  for (int r = rep - 1; r <= rep; ++r) {
    if (r < 0 || (request_.reps > 0 && r >= request_.reps)) continue;
    for (int dir = 0; dir < 2; ++dir) {
      const EffortPlan& e = effort_[dir];
      const double on = lead_s_ + r * cycle_s_ + dir * (kIsoOn_s + kIsoOff_s);
      const double off = on + kIsoOn_s;
      if (t < on) continue;
      const double full = effort_scale(e.muscle, r) *
                          muscle_torque_nm(params_, side_, e.muscle, Contraction::isometric, iso_angle_deg_, 0, r);
      const double a = t <= off ? 1 - std::exp(-(t - on) / kIsoTau_s)
                                : (1 - std::exp(-kIsoOn_s / kIsoTau_s)) * std::exp(-(t - off) / kIsoTau_s);
      total += muscle_sign(e.muscle) * a * full;
    }
  }
  return total;
}

ModelSample AthleteModel::next() {
  const double t = static_cast<double>(index_) / params_.rate_hz;
  ++index_;
  ModelSample s;
  s.time_s = t;
  double angle = 0;
  double velocity = 0;
  double muscle = 0;
  if (isometric_) {
    angle = iso_angle_deg_;
    muscle = isometric_torque_at(t);
    s.rep = t < lead_s_ ? -1 : static_cast<int>(std::floor((t - lead_s_) / cycle_s_));
  } else {
    const double lo = phase_[0].end_deg();
    const double hi = phase_[1].end_deg();
    int next_phase = 0;  // the phase in progress or the next one after a pause
    if (t < lead_s_) {
      angle = hi;
      s.rep = -1;
    } else {
      const int rep = static_cast<int>(std::floor((t - lead_s_) / cycle_s_));
      const double u = t - lead_s_ - rep * cycle_s_;
      const double ext = phase_[0].duration_s();
      const double flex = phase_[1].duration_s();
      const double pause = params_.pause_s;
      s.rep = rep;
      if (u < ext) {
        const PhaseKinematics k = phase_[0].at(u);
        angle = k.angle_deg;
        velocity = k.velocity_deg_s;
        next_phase = 2 * rep;
      } else if (u < ext + pause) {
        angle = lo;
        next_phase = 2 * rep + 1;
      } else if (u < ext + pause + flex) {
        const PhaseKinematics k = phase_[1].at(u - ext - pause);
        angle = k.angle_deg;
        velocity = k.velocity_deg_s;
        next_phase = 2 * rep + 1;
      } else {
        angle = hi;
        next_phase = 2 * rep + 2;
      }
    }
    muscle = effort_torque(next_phase, t);
  }
  if (request_.reps > 0 && s.rep >= request_.reps) s.rep = request_.reps - 1;

  // Gravity: the shank is horizontal at 0 deg flexion and hangs at 90 deg; its weight
  // pulls it into flexion, which the dynamometer reads as negative torque.
  const double gravity = -params_.limb_torque_nm() * std::cos(angle * std::numbers::pi / 180);
  s.torque_nm = muscle + gravity + noise_.normal(params_.noise_nm);
  s.velocity_deg_s = velocity + noise_.normal(params_.velocity_noise_deg_s);
  const double res = params_.angle_resolution_deg;
  s.angle_deg = res > 0 ? std::round(angle / res) * res : angle;
  return s;
}

void AthleteModel::generate(std::size_t count, std::vector<ModelSample>& out) {
  out.reserve(out.size() + count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(next());
}

LimbGravity weigh_limb(const SimulatorParams& params, std::uint64_t seed) {
  SimRandom rng(mix_seed(seed, kWeighStream));
  const int n = std::max(1, static_cast<int>(params.rate_hz));  // one second of samples
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += rng.normal(params.noise_nm);
  const double torque = params.limb_torque_nm() * std::cos(params.weigh_angle_deg * std::numbers::pi / 180) + sum / n;
  return {torque, params.weigh_angle_deg};
}

}  // namespace isokin::device::sim
