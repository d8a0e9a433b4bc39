// Shared helpers for the store tests: realistic trial signals and temporary directories.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <unistd.h>

#include "model/session.hpp"

namespace isokin::store::testing {

// A knee moving 90 -> 0 -> 90 deg at 60 deg/s with extension/flexion torque and noise.
inline SampleColumns knee_signal(std::size_t n, double rate_hz = 1000.0, bool host_time = false, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.3);
  SampleColumns s;
  s.reserve(n);
  const double period_s = 3.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate_hz;
    const double phase = 2 * M_PI * t / period_s;
    const double angle = 45.0 + 45.0 * std::cos(phase);
    const double velocity = -45.0 * std::sin(phase) * 2 * M_PI / period_s;
    const double torque = (velocity < 0 ? 180.0 : -90.0) * std::abs(std::sin(phase)) + noise(rng);
    if (host_time)
      s.push_back({t, torque, angle, velocity}, 1.8e9 + t + 0.002);
    else
      s.push_back({t, torque, angle, velocity});
  }
  return s;
}

inline TrialInfo full_trial_info(const std::string& id) {
  TrialInfo info;
  info.id = id;
  info.joint = "knee";
  info.side = Side::right;
  info.mode = TestMode::con_ecc;
  info.velocity_ext_deg_s = 60;
  info.velocity_flex_deg_s = 30;
  info.sample_rate_hz = 1000;
  info.measured_rate_hz = 999.87;
  info.reps_requested = 5;
  info.rom_min_deg = 5;
  info.rom_max_deg = 95;
  info.gravity = LimbGravity{21.5, 30};
  info.started_at = "2026-11-26T16:20:53+00:00";
  info.source = "sim://?seed=7&hq=0.55";
  info.device_model = "Isokin Dyno µ";  // non-ASCII on purpose: strings are UTF-8
  info.device_serial = "SN-0042";
  info.device_firmware = "1.2.3";
  info.counts = {12345, 1, 2, 30, 4, 5};
  info.gaps = {{1.5, 1.75, 250}, {3.0, 3.01, 10}};
  return info;
}

inline SessionInfo session_info(const std::string& subject = "S017") {
  SessionInfo info;
  info.subject.id = subject;
  info.subject.body_mass_kg = 72.5;
  info.date = "2026-11-26";
  info.notes = "left knee ACL-R, 6 months";
  info.protocol = "hq-screen";
  return info;
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("isokin-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  static int& counter() {
    static int c = 0;
    return c;
  }
  std::filesystem::path path_;
};

inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace isokin::store::testing
