// How many threads one analysis may use. Results never depend on it: work is only
// split where the parts are independent (the torque channel's conditioning beside the
// velocity channel's), and every message is added in the same order as on one thread.
//
// `isokin analyze` allows every core; `isokin batch` keeps the default of one, as its
// worker processes already fill the cores.
#pragma once

#include <cstddef>
#include <functional>

namespace isokin::analysis {

void set_analysis_threads(unsigned threads);  // 0 is taken as 1
unsigned analysis_threads();

// Trials shorter than this are conditioned on one thread: starting a thread (tens of
// microseconds) would cost more than it saves.
inline constexpr unsigned long kParallelConditioningMinSamples = 200'000;

// Runs part(0) .. part(parts - 1): part 0 on the calling thread, each other part on a
// thread of its own, all at once; returns when every part is done (the first failure is
// rethrown). With `parallel` false, the parts run one after another on this thread.
void run_parts(std::size_t parts, bool parallel, const std::function<void(std::size_t)>& part);

}  // namespace isokin::analysis
