// Runs one job per file on N std::thread workers. Each worker takes the next file
// index from a shared counter, so a slow file never holds up a whole share of the
// list; results land at their file's index, so the output order is the input order
// whatever the timing. An exception in a job becomes that file's error and the
// batch goes on.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace isokin::batch {

template <typename Result>
struct JobOutcome {
  Result result{};
  std::string error;  // empty when the job succeeded
  bool ok() const { return error.empty(); }
};

// `job(i)` computes the result for item i; `done(i, error)` is called after each job
// (from the worker thread; must be thread-safe). `stop()` is polled between jobs
// (Ctrl-C): items not started stay with the error "not analysed (interrupted)".
template <typename Result>
std::vector<JobOutcome<Result>> run_parallel(std::size_t count, unsigned jobs,
                                             const std::function<Result(std::size_t)>& job,
                                             const std::function<void(std::size_t, const std::string&)>& done,
                                             const std::function<bool()>& stop = [] { return false; }) {
  std::vector<JobOutcome<Result>> outcomes(count);
  for (auto& outcome : outcomes) outcome.error = "not analysed (interrupted)";
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < count && !stop(); i = next.fetch_add(1)) {
      JobOutcome<Result>& outcome = outcomes[i];
      outcome.error.clear();
      try {
        outcome.result = job(i);
      } catch (const std::exception& e) {
        outcome.error = e.what();
        if (outcome.error.empty()) outcome.error = "unknown error";
      } catch (...) {
        outcome.error = "unknown error";
      }
      if (done) done(i, outcome.error);
    }
  };
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();  // the calling thread works too
  for (auto& thread : threads) thread.join();
  return outcomes;
}

}  // namespace isokin::batch
