#include "model/column.hpp"

#include <sys/mman.h>

#include <cstdlib>

namespace isokin {
namespace {
constexpr std::size_t kHugePage = 2u << 20;
}

void* allocate_column_bytes(std::size_t bytes) {
  if (bytes < kHugeColumnBytes) return ::operator new(bytes);
  // Aligned to a huge page and rounded up to whole ones, so that every page of the
  // column can be a huge one. The advice is only advice: refused (no THP in this
  // kernel, a sanitizer's allocator), the column is ordinary memory.
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  (void)::madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return p;
}

void take_page_faults(std::span<double> values) {
  constexpr std::size_t kValuesPerPage = 4096 / sizeof(double);
  for (std::size_t i = 0; i < values.size(); i += kValuesPerPage) values[i] = 0.0;
}

void free_column_bytes(void* p, std::size_t bytes) noexcept {
  if (bytes < kHugeColumnBytes)
    ::operator delete(p);
  else
    std::free(p);
}

}  // namespace isokin
