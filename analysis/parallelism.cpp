#include "analysis/parallelism.hpp"

#include <algorithm>
#include <atomic>

namespace isokin::analysis {
namespace {
std::atomic<unsigned> g_threads{1};
}

void set_analysis_threads(unsigned threads) { g_threads.store(std::max(1u, threads)); }

unsigned analysis_threads() { return g_threads.load(); }

}  // namespace isokin::analysis
