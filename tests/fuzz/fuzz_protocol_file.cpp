// libFuzzer target for test-protocol files (docs/protocol-files.md): any bytes, parsed
// as a protocol's TOML. A refusal is one isokin::InputError; a crash, a hang, a leak or
// any other exception is a bug. What is accepted must hold what the format promises,
// because a protocol drives a machine that loads a knee.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/error.hpp"
#include "session_protocol/test_protocol.hpp"

namespace {

bool within(double v, double low, double high) { return v >= low && v <= high; }

void check_trial(std::size_t index, const isokin::ProtocolTrial& trial) {
  if (trial.reps < 1 || trial.reps > 200) __builtin_trap();
  if (!within(trial.rest_s, 0, 3600)) __builtin_trap();
  if (trial.mode != isokin::TestMode::isometric &&
      (!within(trial.velocity_ext_deg_s, 1, 500) || !within(trial.velocity_flex_deg_s, 1, 500)))
    __builtin_trap();
  if (trial.rom_min_deg.has_value() != trial.rom_max_deg.has_value()) __builtin_trap();
  if (trial.rom_min_deg && (!within(*trial.rom_min_deg, 0, 120) || !within(*trial.rom_max_deg, 0, 120)))
    __builtin_trap();
  // Both derived values must be computable for every accepted trial.
  if (isokin::default_trial_id(index, trial).empty()) __builtin_trap();
  (void)isokin::to_start_request(trial);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto protocol = isokin::parse_test_protocol(text, "fuzz.toml");
    if (protocol.trials.empty() || protocol.name.empty()) __builtin_trap();
    for (std::size_t i = 0; i < protocol.trials.size(); ++i) check_trial(i, protocol.trials[i]);
  } catch (const isokin::InputError&) {
  }
  return 0;
}
