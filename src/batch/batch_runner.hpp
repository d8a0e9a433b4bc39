// `isokin batch`'s engine: every file analysed by a pool of worker processes, each
// outcome reported to a ProgressReporter as it ends, the outcomes returned in file order.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <vector>

#include "batch/cohort_table.hpp"
#include "batch/progress_reporter.hpp"

namespace isokin::batch {

// Reads and analyses one file; throws on a broken file (its message becomes the
// file's error).
using FileJob = std::function<FileAnalysis(const std::filesystem::path&)>;

struct BatchSettings {
  unsigned jobs = 0;  // worker processes; 0 = default_jobs()
  // A file not done after this long has its worker killed and gets an error row
  // (0 = no limit).
  std::chrono::milliseconds timeout{0};
};

// `job` always runs in a worker process (also with one job, or one file), so its side
// effects stay there and a file that crashes or hangs its reader costs only its own
// outcome. Files are started largest first; outcomes come back in `files` order.
// `progress` may be null. `stop` is polled (Ctrl-C): the files in progress are
// abandoned and every file not done gets the error "not analysed (interrupted)".
// Call from a single-threaded process.
std::vector<FileOutcome> run_batch(const std::vector<std::filesystem::path>& files, const BatchSettings& settings,
                                   const FileJob& job, ProgressReporter* progress,
                                   const std::function<bool()>& stop = [] { return false; });

// The number of cores this process may use (its CPU affinity mask).
unsigned default_jobs();

}  // namespace isokin::batch
