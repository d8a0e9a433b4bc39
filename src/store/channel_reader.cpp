#include "store/channel_reader.hpp"

#include "store/session_store.hpp"

#include <fmt/format.h>
#include <libdeflate.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace isokin::store {
namespace {

struct RawPlan {
  bool usable = false;
  bool shuffled = false;
  hsize_t chunk = 0;  // samples per chunk
};

// Whether the dataset's chunks can be inflated here: 1-D little-endian float64,
// chunked, filters exactly [shuffle,] deflate.
RawPlan raw_plan(const h5::Id& dataset) {
  RawPlan plan;
  h5::Id type(H5Dget_type(dataset.get()), H5Tclose);
  if (!type || H5Tequal(type.get(), H5T_IEEE_F64LE) <= 0) return plan;
  h5::Id dcpl(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (!dcpl || H5Pget_layout(dcpl.get()) != H5D_CHUNKED) return plan;
  hsize_t chunk = 0;
  if (H5Pget_chunk(dcpl.get(), 1, &chunk) != 1 || chunk == 0) return plan;
  const int filters = H5Pget_nfilters(dcpl.get());
  std::vector<H5Z_filter_t> ids;
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    std::size_t n_values = 0;
    unsigned config = 0;
    const H5Z_filter_t id =
        H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &n_values, nullptr, 0, nullptr, &config);
    ids.push_back(id);
  }
  const bool deflate_only = ids.size() == 1 && ids[0] == H5Z_FILTER_DEFLATE;
  const bool shuffle_deflate = ids.size() == 2 && ids[0] == H5Z_FILTER_SHUFFLE && ids[1] == H5Z_FILTER_DEFLATE;
  if (!deflate_only && !shuffle_deflate) return plan;
  plan.usable = true;
  plan.shuffled = shuffle_deflate;
  plan.chunk = chunk;
  return plan;
}

// HDF5's shuffle filter stores byte k of every element in plane k; put them back.
// Eight elements at a time: one 8-byte load per plane gives an 8x8 byte matrix
// (row = plane, column = element), transposed in registers by three swap stages.
void unshuffle(const unsigned char* planes, hsize_t elements, std::span<double> out) {
  const std::size_t n = out.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen elements at a time in SSE2 (every x86-64 has it): 16 bytes from each plane,
  // interleaved bytes, then byte pairs, then quads; written out without loops so that
  // everything stays in registers.
  const auto plane = [&](std::size_t b) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(planes + b * elements + i));
  };
  for (; i + 16 <= n; i += 16) {
    const __m128i p0 = plane(0), p1 = plane(1), p2 = plane(2), p3 = plane(3);
    const __m128i p4 = plane(4), p5 = plane(5), p6 = plane(6), p7 = plane(7);
    // Bytes of planes 2k and 2k+1 side by side: elements 0-7 (a) and 8-15 (b).
    const __m128i a01 = _mm_unpacklo_epi8(p0, p1), b01 = _mm_unpackhi_epi8(p0, p1);
    const __m128i a23 = _mm_unpacklo_epi8(p2, p3), b23 = _mm_unpackhi_epi8(p2, p3);
    const __m128i a45 = _mm_unpacklo_epi8(p4, p5), b45 = _mm_unpackhi_epi8(p4, p5);
    const __m128i a67 = _mm_unpacklo_epi8(p6, p7), b67 = _mm_unpackhi_epi8(p6, p7);
    // Bytes 0-3 (low) and 4-7 (high) of elements 0-3, 4-7, 8-11, 12-15.
    const __m128i l0 = _mm_unpacklo_epi16(a01, a23), h0 = _mm_unpacklo_epi16(a45, a67);
    const __m128i l1 = _mm_unpackhi_epi16(a01, a23), h1 = _mm_unpackhi_epi16(a45, a67);
    const __m128i l2 = _mm_unpacklo_epi16(b01, b23), h2 = _mm_unpacklo_epi16(b45, b67);
    const __m128i l3 = _mm_unpackhi_epi16(b01, b23), h3 = _mm_unpackhi_epi16(b45, b67);
    auto* dst = reinterpret_cast<__m128i*>(out.data() + i);  // two whole elements per store
    _mm_storeu_si128(dst + 0, _mm_unpacklo_epi32(l0, h0));
    _mm_storeu_si128(dst + 1, _mm_unpackhi_epi32(l0, h0));
    _mm_storeu_si128(dst + 2, _mm_unpacklo_epi32(l1, h1));
    _mm_storeu_si128(dst + 3, _mm_unpackhi_epi32(l1, h1));
    _mm_storeu_si128(dst + 4, _mm_unpacklo_epi32(l2, h2));
    _mm_storeu_si128(dst + 5, _mm_unpackhi_epi32(l2, h2));
    _mm_storeu_si128(dst + 6, _mm_unpacklo_epi32(l3, h3));
    _mm_storeu_si128(dst + 7, _mm_unpackhi_epi32(l3, h3));
  }
#endif
  for (; i + 8 <= n; i += 8) {
    std::uint64_t r[8];
    for (std::size_t b = 0; b < 8; ++b) std::memcpy(&r[b], planes + b * elements + i, 8);
    for (std::size_t b = 0; b < 8; b += 2) {  // swap single bytes between neighbouring rows
      const std::uint64_t t = ((r[b] >> 8) ^ r[b + 1]) & 0x00FF00FF00FF00FFull;
      r[b + 1] ^= t;
      r[b] ^= t << 8;
    }
    for (std::size_t b : {0u, 1u, 4u, 5u}) {  // byte pairs between rows two apart
      const std::uint64_t t = ((r[b] >> 16) ^ r[b + 2]) & 0x0000FFFF0000FFFFull;
      r[b + 2] ^= t;
      r[b] ^= t << 16;
    }
    for (std::size_t b = 0; b < 4; ++b) {  // byte quads between rows four apart
      const std::uint64_t t = ((r[b] >> 32) ^ r[b + 4]) & 0x00000000FFFFFFFFull;
      r[b + 4] ^= t;
      r[b] ^= t << 32;
    }
    std::memcpy(&out[i], r, sizeof r);
  }
  for (; i < n; ++i) {
    unsigned char bytes[8];
    for (std::size_t b = 0; b < 8; ++b) bytes[b] = planes[b * elements + i];
    std::memcpy(&out[i], bytes, 8);
  }
}

struct Task {
  std::size_t read = 0;  // index into reads
  hsize_t chunk_index = 0;
};

class ParallelInflater {
 public:
  ParallelInflater(std::span<ChannelRead> reads, std::span<const RawPlan> plans)
      : reads_(reads), plans_(plans), checks_(reads.size()) {
    for (std::size_t r = 0; r < reads.size(); ++r) {
      if (!plans[r].usable) continue;
      const hsize_t chunks = (reads[r].out.size() + plans[r].chunk - 1) / plans[r].chunk;
      for (hsize_t c = 0; c < chunks; ++c) tasks_.push_back({r, c});
      checks_[r].resize(chunks);
    }
  }

  // Each checked channel's verdict, from its chunks' in order.
  std::vector<ChannelVerdict> verdicts() const {
    std::vector<ChannelVerdict> out(reads_.size());
    for (std::size_t r = 0; r < reads_.size(); ++r) {
      const std::vector<ChunkCheck>& chunks = checks_[r];
      ChannelVerdict& v = out[r];
      v.checked = !chunks.empty() && reads_[r].check.kind != ChannelCheck::Kind::none;
      v.within = true;
      for (const ChunkCheck& chunk : chunks) {
        v.within = v.within && chunk.within;
        v.time = limits::join(v.time, chunk.time);
      }
    }
    return out;
  }

  void run(unsigned threads) {
    std::vector<std::thread> helpers;
    const unsigned extra = tasks_.size() > 1 ? std::max(threads, 1u) - 1 : 0;
    for (unsigned t = 0; t < extra; ++t) helpers.emplace_back([this] { work(); });
    work();
    for (auto& helper : helpers) helper.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void work() {
    h5::silence_hdf5();  // the error-printing switch is per thread
    std::vector<unsigned char> compressed, inflated;
    // libdeflate rather than zlib: it inflates whole buffers (a chunk is one) two to
    // three times as fast, and inflating is the floor of reading a session. One
    // decompressor per thread: they are not shareable.
    std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> decompressor(
        libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
    try {
      if (!decompressor) throw std::bad_alloc();
      for (std::size_t i = next_.fetch_add(1); i < tasks_.size() && !failed_.load(); i = next_.fetch_add(1))
        do_task(tasks_[i], *decompressor, compressed, inflated);
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
      failed_.store(true);
    }
  }

  // The chunk's values checked while they are in the cache.
  void check_chunk(const Task& task, std::span<const double> values) {
    const ChannelCheck& check = reads_[task.read].check;
    ChunkCheck& result = checks_[task.read][task.chunk_index];
    if (check.kind == ChannelCheck::Kind::range) result.within = limits::all_within(values, check.range);
    if (check.kind == ChannelCheck::Kind::time) result.time = limits::time_stretch(values);
  }

  void do_task(const Task& task, libdeflate_decompressor& decompressor, std::vector<unsigned char>& compressed,
               std::vector<unsigned char>& inflated) {
    fill_chunk(task, decompressor, compressed, inflated);
    const ChannelRead& read = reads_[task.read];
    const hsize_t first = task.chunk_index * plans_[task.read].chunk;
    check_chunk(task, read.out.subspan(first, std::min<hsize_t>(plans_[task.read].chunk, read.out.size() - first)));
  }

  void fill_chunk(const Task& task, libdeflate_decompressor& decompressor, std::vector<unsigned char>& compressed,
                  std::vector<unsigned char>& inflated) {
    ChannelRead& read = reads_[task.read];
    const RawPlan& plan = plans_[task.read];
    const hsize_t first = task.chunk_index * plan.chunk;
    const hsize_t count = std::min<hsize_t>(plan.chunk, read.out.size() - first);
    std::span<double> out = read.out.subspan(first, count);
    hsize_t offset[1] = {first};
    std::uint32_t filter_mask = 0;
    {
      // HDF5 serialises its calls anyway; the lock keeps our two threads' error stacks apart.
      std::lock_guard lock(hdf5_mutex_);
      hsize_t stored = 0;
      if (H5Dget_chunk_storage_size(read.dataset->get(), offset, &stored) < 0)
        h5::fail(read.where, fmt::format("cannot locate chunk at sample {}", first));
      if (stored == 0) {  // never written: HDF5 would return the fill value, 0
        std::fill(out.begin(), out.end(), 0.0);
        return;
      }
      compressed.resize(stored);
      if (H5Dread_chunk(read.dataset->get(), H5P_DEFAULT, offset, &filter_mask, compressed.data()) < 0)
        h5::fail(read.where, fmt::format("cannot read chunk at sample {}", first));
      if (filter_mask != 0) {  // a filter was skipped for this chunk: let HDF5 decode it
        h5::read_series(*read.dataset, first, out, read.where);
        return;
      }
    }
    inflated.resize(plan.chunk * sizeof(double));
    std::size_t length = 0;
    const libdeflate_result status = libdeflate_zlib_decompress(&decompressor, compressed.data(), compressed.size(),
                                                                inflated.data(), inflated.size(), &length);
    if (status != LIBDEFLATE_SUCCESS || length != inflated.size())
      h5::refuse(read.where, fmt::format("damaged compressed chunk at sample {} ({})", first,
                                         status == LIBDEFLATE_SUCCESS ? "short" : "corrupt deflate stream"));
    if (plan.shuffled)
      unshuffle(inflated.data(), plan.chunk, out);
    else
      std::memcpy(out.data(), inflated.data(), count * sizeof(double));
  }

  std::span<ChannelRead> reads_;
  std::span<const RawPlan> plans_;
  struct ChunkCheck {
    bool within = true;
    limits::TimeStretch time;
  };
  std::vector<Task> tasks_;
  std::vector<std::vector<ChunkCheck>> checks_;  // per read, one per chunk; empty when HDF5 read the channel
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex hdf5_mutex_;
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

std::atomic<unsigned> process_read_threads{2};

}  // namespace

void set_read_threads(unsigned threads) { process_read_threads.store(std::max(threads, 1u)); }

std::vector<ChannelVerdict> read_channels(std::span<ChannelRead> reads, const ChannelReadOptions& options) {
  std::vector<RawPlan> plans(reads.size());
  for (std::size_t r = 0; r < reads.size(); ++r) {
    if (options.raw_chunks && !reads[r].out.empty()) plans[r] = raw_plan(*reads[r].dataset);
    if (!plans[r].usable) h5::read_series(*reads[r].dataset, 0, reads[r].out, reads[r].where);
  }
  h5::error_stack_message();  // drop anything the probing left on the stack
  hbool_t threadsafe = false;
  const unsigned wanted = options.threads > 0 ? options.threads : process_read_threads.load();
  const unsigned threads = H5is_library_threadsafe(&threadsafe) >= 0 && threadsafe ? wanted : 1;
  ParallelInflater inflater(reads, plans);
  inflater.run(threads);
  return inflater.verdicts();
}

}  // namespace isokin::store
