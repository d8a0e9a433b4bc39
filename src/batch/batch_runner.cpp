#include "batch/batch_runner.hpp"

#include <thread>

#include "batch/parallel_runner.hpp"

namespace isokin::batch {

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

std::vector<FileOutcome> run_batch(const std::vector<std::filesystem::path>& files, unsigned jobs, const FileJob& job,
                                   ProgressReporter* progress, const std::function<bool()>& stop) {
  auto results = run_parallel<FileAnalysis>(
      files.size(), jobs == 0 ? default_jobs() : jobs, [&](std::size_t i) { return job(files[i]); },
      [&](std::size_t i, const std::string& error) {
        if (progress) progress->file_done(files[i].string(), error);
      },
      stop);
  std::vector<FileOutcome> outcomes;
  outcomes.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    outcomes.push_back({files[i], std::move(results[i].result), std::move(results[i].error)});
  }
  return outcomes;
}

}  // namespace isokin::batch
