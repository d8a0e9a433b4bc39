#include "analysis/parallelism.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <vector>

namespace isokin::analysis {
namespace {
std::atomic<unsigned> g_threads{1};
}

void set_analysis_threads(unsigned threads) { g_threads.store(std::max(1u, threads)); }

unsigned analysis_threads() { return g_threads.load(); }

void run_parts(std::size_t parts, bool parallel, const std::function<void(std::size_t)>& part) {
  if (!parallel) {
    for (std::size_t k = 0; k < parts; ++k) part(k);
    return;
  }
  std::vector<std::future<void>> others;
  for (std::size_t k = 1; k < parts; ++k) others.push_back(std::async(std::launch::async, part, k));
  std::exception_ptr failure;
  try {
    if (parts > 0) part(0);
  } catch (...) {
    failure = std::current_exception();
  }
  for (auto& other : others) {  // every thread joined before anything is rethrown
    try {
      other.get();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace isokin::analysis
