#include "batch/batch_runner.hpp"

#include <malloc.h>
#include <sched.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <system_error>
#include <thread>

#include "batch/file_rows_wire.hpp"
#include "batch/process_pool.hpp"
#include "model/error.hpp"
#include "store/session_store.hpp"

namespace isokin::batch {
namespace {

// Largest files first: with a dynamic queue the last file to start decides when the
// batch ends, so a big one left to the end would run alone on one core.
std::vector<std::size_t> largest_first(const std::vector<std::filesystem::path>& files) {
  std::vector<std::uintmax_t> size(files.size(), 0);
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(files[i], ec);
    size[i] = ec ? 0 : n;
  }
  std::vector<std::size_t> order(files.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size[a] > size[b]; });
  return order;
}

// Once in each worker process, before its first file.
void prepare_worker() {
  // The worker processes fill the cores: no inflating thread beside each.
  store::set_read_threads(1);
  // A worker allocates and frees a session's columns file after file. glibc gives
  // large freed blocks back to the kernel and takes them again for the next file,
  // page by page: 900 page faults a file of the 40-session cohort (about a sixth of
  // its CPU time, in the kernel). Keeping up to this much freed memory in the process
  // avoids that; a worker's peak is still one file.
  constexpr int kKeptBytes = 64 << 20;
  ::mallopt(M_MMAP_THRESHOLD, kKeptBytes);
  ::mallopt(M_TRIM_THRESHOLD, kKeptBytes);
}

}  // namespace

unsigned default_jobs() {
  // The cores this process may run on (taskset, a cluster's cpuset), not the machine's.
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

std::vector<FileOutcome> run_batch(const std::vector<std::filesystem::path>& files, const BatchSettings& settings,
                                   const FileJob& job, ProgressReporter* progress, const std::function<bool()>& stop) {
  const unsigned workers = settings.jobs == 0 ? default_jobs() : settings.jobs;
  const std::vector<std::size_t> order = largest_first(files);
  // Every file is read in a worker process, whatever the number of jobs: a file that
  // crashes or hangs the HDF5 library costs its own row, never the batch's table.
  // A file's rows cross back as length-prefixed strings (file_rows_wire.hpp).
  auto results = run_in_processes(
      files.size(), workers,
      [&](std::size_t k) {
        static const bool prepared = (prepare_worker(), true);
        (void)prepared;
        return encode_file_rows(job(files[order[k]]));
      },
      [&](std::size_t k, const std::string& error) {
        if (progress) progress->file_done(files[order[k]].string(), error);
      },
      stop, settings.timeout);
  std::vector<FileOutcome> outcomes(files.size());
  for (std::size_t k = 0; k < files.size(); ++k) {
    FileOutcome& outcome = outcomes[order[k]];
    outcome.file = files[order[k]];
    outcome.error = std::move(results[k].error);
    if (outcome.error.empty()) {
      try {
        outcome.result = decode_file_rows(results[k].result);
      } catch (const Error& e) {
        outcome.error = e.what();
      }
    }
  }
  return outcomes;
}

}  // namespace isokin::batch
