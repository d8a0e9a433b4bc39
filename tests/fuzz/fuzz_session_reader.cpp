// Session files mutated by libFuzzer (seeded with real, small sessions) must give a
// session or one StoreError, never a crash, a hang or a sanitizer report in isokin's
// code. Crashes inside libhdf5 itself are listed in docs/refused-input.md.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/session_store.hpp"

namespace {

const std::string& scratch_file() {
  // One file per fuzzing process, in /dev/shm when there is one (no disk wear).
  static const std::string path = [] {
    const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/isokin-fuzz-session-" + std::to_string(::getpid()) + ".h5";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = scratch_file();
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, out) != size) std::abort();
  std::fclose(out);
  try {
    const auto session = isokin::store::read_session(path);
    // What was read passed the plausibility door: check it really holds.
    for (const auto& trial : session.trials)
      if (trial.samples.torque_nm.size() != trial.samples.time_s.size()) std::abort();
  } catch (const isokin::store::StoreError&) {
  } catch (const isokin::InputError&) {
  }
  try {
    isokin::store::list_trials(path);
  } catch (const isokin::store::StoreError&) {
  } catch (const isokin::InputError&) {
  }
  // Gone after each input: a long fork-mode run starts thousands of processes, and each
  // would otherwise leave its scratch file behind (only a crashing input's stays).
  std::remove(path.c_str());
  return 0;
}
