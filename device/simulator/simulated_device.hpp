// sim://: an in-process Device that plays dynamometer and athlete (AthleteModel).
//
// URI: sim://?hq=0.55&ham_fatigue=0.02&seed=7&rate=1000&speed=1 ... (keys in
// simulator_params.hpp and docs/simulator.md). `defaults` (a protocol file's
// [simulator] table) apply first; the URI's own keys override them one by one.
// Pacing: sample i is due at start + i / (rate * speed) on std::chrono::steady_clock,
// computed from the start time every time (absolute deadlines: no drift, no rounded
// sleeps); speed=0 hands out samples as fast as the reader takes them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "device/device.hpp"

namespace isokin::device {

// Throws isokin::InputError naming the key for an unknown key or a bad value.
std::unique_ptr<Device> make_simulated_device(std::string_view uri, const std::map<std::string, std::string>& defaults);

}  // namespace isokin::device
