// `isokin batch`'s engine: every file analysed by a pool of workers, each outcome
// reported to a ProgressReporter as it ends, the outcomes returned in file order.
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include "batch/cohort_table.hpp"
#include "batch/progress_reporter.hpp"

namespace isokin::batch {

// Reads and analyses one file; throws on a broken file (its message becomes the
// file's error).
using FileJob = std::function<FileAnalysis(const std::filesystem::path&)>;

// `jobs` workers (0 = one per core): worker processes when more than one, so `job`
// then runs in a child process and its side effects stay there. `progress` may be
// null. `stop` is polled between files (Ctrl-C). Call from a single-threaded process.
std::vector<FileOutcome> run_batch(const std::vector<std::filesystem::path>& files, unsigned jobs, const FileJob& job,
                                   ProgressReporter* progress, const std::function<bool()>& stop = [] { return false; });

// The number of workers `jobs` = 0 means: the cores this process may use.
unsigned default_jobs();

}  // namespace isokin::batch
