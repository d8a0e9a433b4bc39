// What the store checks in an HDF5 file before reading a byte of data from it
// (docs/refused-input.md says what is refused and why).
//
// A session file is untrusted input: HDF5 will happily read a dataset's samples from
// another file (external raw storage, external links, virtual datasets) or run a
// filter isokin never writes. Those are refused by name here, and every dataset and
// attribute is checked for class, rank and shape before it is read.
#pragma once

#include <cstddef>
#include <cstdint>

#include "store/hdf5_handle.hpp"

namespace isokin::store::h5 {

// Walks every link reachable from the root: refuses soft, external and user-defined
// links, and datasets with external raw storage, a virtual or compact layout, or a
// filter other than shuffle, deflate and fletcher32 (isokin writes only those).
void check_self_contained(const Id& file, const Where& where);

// A dataset of floating-point numbers (float32 or float64) of the given rank, chunked or
// contiguous, whose chunks are of a sane size; returns its dimensions.
std::vector<hsize_t> check_float_dataset(const Id& dataset, std::size_t rank, const Where& where);

// Samples [0, n) of a 1-D chunked dataset that were really written: a chunk never
// written reads as zeros, so the count stops before the first missing chunk.
hsize_t written_prefix(const Id& dataset, hsize_t n, const Where& where);

// Most links a group of a session may have (a crafted count must not size a vector).
inline constexpr hsize_t kMaxLinksPerGroup = 100'000;

}  // namespace isokin::store::h5
