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
// file's error). Must be safe to call from several threads at once.
using FileJob = std::function<FileAnalysis(const std::filesystem::path&)>;

// `jobs` workers (0 = one per core). `progress` may be null. `stop` is polled
// between files (Ctrl-C).
std::vector<FileOutcome> run_batch(const std::vector<std::filesystem::path>& files, unsigned jobs, const FileJob& job,
                                   ProgressReporter* progress, const std::function<bool()>& stop = [] { return false; });

// The number of workers `jobs` = 0 means: the cores this process may use.
unsigned default_jobs();

}  // namespace isokin::batch
