#include "device/simulator/simulator_params.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "model/error.hpp"

namespace isokin::device::sim {
namespace {

constexpr double kGravity_m_s2 = 9.81;
constexpr double kShankFootMassFraction = 0.061;  // Winter 2009, leg 0.0465 + foot 0.0145
constexpr double kShankFootLever_m = 0.25;       // knee to the shank+foot centre of mass

std::string describe_range(double lo, double hi) { return fmt::format("between {} and {}", lo, hi); }

double parse_number(std::string_view source, const std::string& key, const std::string& text, double lo, double hi) {
  double value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || ptr != last || !std::isfinite(value))
    throw InputError(fmt::format("{}: {}: must be a number {} (got '{}')", source, key, describe_range(lo, hi), text));
  if (value < lo || value > hi)
    throw InputError(fmt::format("{}: {}: must be a number {} (got {})", source, key, describe_range(lo, hi), text));
  return value;
}

std::uint64_t parse_seed(std::string_view source, const std::string& key, const std::string& text) {
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    throw InputError(fmt::format("{}: {}: must be a whole number between 0 and {} (got '{}')", source, key,
                                 std::numeric_limits<std::uint64_t>::max(), text));
  return value;
}

Side parse_side_value(std::string_view source, const std::string& key, const std::string& text) {
  if (auto side = parse_side(text)) return *side;
  throw InputError(fmt::format("{}: {}: must be 'left' or 'right' (got '{}')", source, key, text));
}

struct Field {
  std::string_view key;
  std::function<void(SimulatorParams&, std::string_view, const std::string&, const std::string&)> set;
};

Field number(std::string_view key, double SimulatorParams::*member, double lo, double hi) {
  return {key, [member, lo, hi](SimulatorParams& p, std::string_view src, const std::string& k, const std::string& v) {
            p.*member = parse_number(src, k, v, lo, hi);
          }};
}

// One row per key; `injured` and `deficit` are handled after the table (they combine).
const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      {"seed", [](SimulatorParams& p, std::string_view s, const std::string& k, const std::string& v) {
         p.seed = parse_seed(s, k, v);
       }},
      number("rate", &SimulatorParams::rate_hz, 10, 20000),
      number("speed", &SimulatorParams::speed, 0, 1000),
      number("mass", &SimulatorParams::body_mass_kg, 20, 250),
      number("quad_peak", &SimulatorParams::quad_peak_nm_per_kg, 0.2, 6),
      number("hq", &SimulatorParams::hq, 0.1, 2),
      number("quad_angle", &SimulatorParams::quad_angle_deg, 20, 100),
      number("ham_angle", &SimulatorParams::ham_angle_deg, 0, 90),
      number("quad_fatigue", &SimulatorParams::quad_fatigue, 0, 0.5),
      number("ham_fatigue", &SimulatorParams::ham_fatigue, 0, 0.5),
      number("deficit_left", &SimulatorParams::deficit_left, 0, 0.9),
      number("deficit_right", &SimulatorParams::deficit_right, 0, 0.9),
      number("rep_var", &SimulatorParams::rep_variation, 0, 0.3),
      number("vmax", &SimulatorParams::vmax_deg_s, 600, 5000),
      number("hill_k", &SimulatorParams::hill_k, 0.1, 2),
      number("ecc_max", &SimulatorParams::ecc_max, 1, 2),
      number("ecc_speed", &SimulatorParams::ecc_speed_deg_s, 5, 500),
      number("limb", &SimulatorParams::limb_nm, 0, 100),
      number("rom_min", &SimulatorParams::rom_min_deg, 0, 120),
      number("rom_max", &SimulatorParams::rom_max_deg, 0, 120),
      number("iso_angle", &SimulatorParams::iso_angle_deg, 0, 120),
      number("accel", &SimulatorParams::accel_deg_s2, 200, 20000),
      number("pause", &SimulatorParams::pause_s, 0, 5),
      number("overshoot", &SimulatorParams::overshoot, 0, 0.5),
      number("impact", &SimulatorParams::impact_nm_per_100, 0, 100),
      number("weigh_angle", &SimulatorParams::weigh_angle_deg, 0, 80),
      {"con_ecc_muscle", [](SimulatorParams& p, std::string_view s, const std::string& k, const std::string& v) {
         auto m = parse_muscle(v);
         if (!m) throw InputError(fmt::format("{}: {}: must be 'quadriceps' or 'hamstrings' (got '{}')", s, k, v));
         p.con_ecc_muscle = *m;
       }},
      number("noise", &SimulatorParams::noise_nm, 0, 50),
      number("vel_noise", &SimulatorParams::velocity_noise_deg_s, 0, 50),
      number("angle_res", &SimulatorParams::angle_resolution_deg, 0, 5),
  };
  return table;
}

}  // namespace

double SimulatorParams::limb_torque_nm() const {
  if (limb_nm >= 0) return limb_nm;
  return kShankFootMassFraction * body_mass_kg * kGravity_m_s2 * kShankFootLever_m;
}

const std::vector<std::string_view>& simulator_param_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k;
    for (const auto& f : fields()) k.push_back(f.key);
    k.push_back("injured");
    k.push_back("deficit");
    return k;
  }();
  return keys;
}

SimulatorParams parse_simulator_params(const std::map<std::string, std::string>& values, std::string_view source) {
  SimulatorParams p;
  std::optional<Side> injured;
  std::optional<double> deficit;
  for (const auto& [key, value] : values) {
    if (key == "injured") {
      injured = parse_side_value(source, key, value);
      continue;
    }
    if (key == "deficit") {
      deficit = parse_number(source, key, value, 0, 0.9);
      continue;
    }
    bool known = false;
    for (const auto& f : fields()) {
      if (f.key == key) {
        f.set(p, source, key, value);
        known = true;
        break;
      }
    }
    if (!known) {
      std::string list;
      for (auto k : simulator_param_keys()) list += (list.empty() ? "" : ", ") + std::string(k);
      throw InputError(fmt::format("{}: {}: unknown simulator parameter (known: {})", source, key, list));
    }
  }
  if (injured.has_value() != deficit.has_value())
    throw InputError(fmt::format("{}: {}: missing ('injured' and 'deficit' go together: injured=left&deficit=0.2)", source,
                                 injured ? "deficit" : "injured"));
  if (injured) {
    const std::string side_key = *injured == Side::left ? "deficit_left" : "deficit_right";
    if (values.count(side_key))
      throw InputError(fmt::format("{}: deficit: given twice, also as {}", source, side_key));
    (*injured == Side::left ? p.deficit_left : p.deficit_right) = *deficit;
  }
  if (p.rom_max_deg - p.rom_min_deg < 5) {
    // Name the key that was given (the other one kept its default).
    const bool max_given = values.count("rom_max") != 0;
    throw InputError(fmt::format("{}: {}: rom_max must be at least 5 degrees above rom_min (got {} and {})", source,
                                 max_given ? "rom_max" : "rom_min", p.rom_min_deg, p.rom_max_deg));
  }
  return p;
}

std::map<std::string, std::string> parse_sim_uri_query(std::string_view uri) {
  constexpr std::string_view scheme = "sim://";
  if (uri.substr(0, scheme.size()) != scheme)
    throw InputError(fmt::format("{}: not a simulator URI (expected sim://?key=value&...)", uri));
  std::string_view rest = uri.substr(scheme.size());
  std::map<std::string, std::string> out;
  if (rest.empty()) return out;
  if (rest.front() != '?')
    throw InputError(fmt::format("{}: expected '?' after sim:// (sim://?key=value&...)", uri));
  rest.remove_prefix(1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (item.empty()) continue;  // tolerate "&&" and a trailing '&'
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0)
      throw InputError(fmt::format("{}: '{}': expected key=value", uri, item));
    std::string key(item.substr(0, eq));
    if (!out.emplace(key, std::string(item.substr(eq + 1))).second)
      throw InputError(fmt::format("{}: {}: given twice", uri, key));
  }
  return out;
}

}  // namespace isokin::device::sim
