// Reading whole 1-D float64 channels into memory, fast.
//
// Inflating deflate-compressed chunks is what bounds reading a big file, and HDF5's
// own calls are serialised. So for datasets whose filter pipeline is exactly
// shuffle + deflate (or deflate alone), the raw compressed chunks are fetched with
// H5Dread_chunk (one HDF5 call at a time, under a lock) and inflated with libdeflate
// and un-shuffled outside HDF5 by several threads (two unless set_read_threads says
// otherwise), which also check each chunk's values while they are in the cache
// (model/physical_limits). Any other layout or filter falls back to a plain H5Dread,
// and its values are left for the caller to check.
#pragma once

#include <span>
#include <vector>

#include "model/physical_limits.hpp"
#include "store/hdf5_handle.hpp"

namespace isokin::store {

// What to check of a channel's values as its chunks are inflated.
struct ChannelCheck {
  enum class Kind { none, range, time } kind = Kind::none;
  limits::Range range{0, 0, ""};  // Kind::range
};

struct ChannelRead {
  const h5::Id* dataset = nullptr;
  std::span<double> out;  // the first out.size() samples of the dataset are read into it
  h5::Where where;
  ChannelCheck check;
};

// What the inflating threads found of a ChannelRead's check.
struct ChannelVerdict {
  bool checked = false;       // every chunk was inflated and checked here (not read by HDF5 itself)
  bool within = false;        // Kind::range: every value within the range
  limits::TimeStretch time;   // Kind::time: the whole column's stretch
};

struct ChannelReadOptions {
  bool raw_chunks = true;  // false: always H5Dread (SWMR readers, benchmarks of the plain path)
  unsigned threads = 0;  // 0 = the process's setting (set_read_threads in session_store.hpp; 2 unless set)
};

// One verdict per read, in order.
std::vector<ChannelVerdict> read_channels(std::span<ChannelRead> reads, const ChannelReadOptions& options = {});

}  // namespace isokin::store
