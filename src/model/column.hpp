// Column: the memory of one channel of samples (a std::vector<double> with its own
// allocator), because a long trial's columns are the largest thing isokin holds and
// how they are first touched decides how fast a session is read.
//
// Two differences from std::vector<double>:
// - resize(n) does not zero the new values (they are default-initialised): every
//   producer overwrites them (the store's reader inflates into them), so zeroing 80 MB
//   before inflating would only add a serial pass that also takes every page fault on
//   one thread; the inflating threads now take them side by side. resize(n, 0.0) and
//   Column(n, 0.0) still zero, and must be used wherever zeros are meant.
// - a column of at least kHugeColumnBytes asks the kernel for transparent huge pages
//   (madvise, where the machine allows it): one fault per 2 MiB instead of one per
//   4 KiB. On a VM the fault, not the zeroing, is the cost (docs/benchmarks.md,
//   "Issue 14, third pass").
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace isokin {

inline constexpr std::size_t kHugeColumnBytes = 4u << 20;

// Storage for n bytes: huge-page-advised when n >= kHugeColumnBytes.
void* allocate_column_bytes(std::size_t bytes);
void free_column_bytes(void* p, std::size_t bytes) noexcept;

template <class T>
struct ColumnAllocator {
  static_assert(std::is_trivially_destructible_v<T>);
  using value_type = T;

  ColumnAllocator() noexcept = default;
  template <class U>
  ColumnAllocator(const ColumnAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(allocate_column_bytes(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { free_column_bytes(p, n * sizeof(T)); }

  // Default-initialise (no zeroing) when constructed without a value.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  template <class U>
  bool operator==(const ColumnAllocator<U>&) const noexcept { return true; }
};

using Column = std::vector<double, ColumnAllocator<double>>;

// Writes a zero into every 4 KiB page of `values`: the page faults of fresh memory are
// taken now, on this thread (beside other work), not later by whoever writes it.
// Values other than the zeros written are left as they were.
void take_page_faults(std::span<double> values);

}  // namespace isokin
