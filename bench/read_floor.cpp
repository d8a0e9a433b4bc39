// The floor of `isokin analyze`: the bare read of a session's four channels through
// isokin's own fast path (raw chunks inflated by libdeflate and un-shuffled on every
// core), nothing else. bench/harness_analyze.sh times it beside `isokin analyze` and
// the numpy/scipy peer on the same file.
//   isokin_read_floor FILE.h5   -> prints samples read and the seconds inside the read
#include <chrono>
#include <cstdio>
#include <exception>

#include "store/session_store.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: isokin_read_floor FILE.h5\n");
    return 2;
  }
  try {
    const auto start = std::chrono::steady_clock::now();
    const isokin::Session session = isokin::store::read_session(argv[1]);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t samples = 0;
    for (const auto& t : session.trials) samples += t.samples.size();
    std::printf("%zu samples in %zu trials read in %.3f s\n", samples, session.trials.size(), s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isokin_read_floor: %s\n", e.what());
    return 1;
  }
  return 0;
}
