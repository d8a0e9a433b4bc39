// Reading whole 1-D float64 channels into memory, fast.
//
// Inflating deflate-compressed chunks is what bounds reading a big file, and HDF5's
// own calls are serialised. So for datasets whose filter pipeline is exactly
// shuffle + deflate (or deflate alone), the raw compressed chunks are fetched with
// H5Dread_chunk (one HDF5 call at a time, under a lock) and inflated with zlib and
// un-shuffled outside HDF5 by two threads. Any other layout or filter falls back to
// a plain H5Dread.
#pragma once

#include <span>
#include <vector>

#include "store/hdf5_handle.hpp"

namespace isokin::store {

struct ChannelRead {
  const h5::Id* dataset = nullptr;
  std::span<double> out;  // the first out.size() samples of the dataset are read into it
  h5::Where where;
};

struct ChannelReadOptions {
  bool raw_chunks = true;  // false: always H5Dread (SWMR readers, benchmarks of the plain path)
  unsigned threads = 0;  // 0 = the process's setting (set_read_threads in session_store.hpp; 2 unless set)
};

void read_channels(std::span<ChannelRead> reads, const ChannelReadOptions& options = {});

}  // namespace isokin::store
