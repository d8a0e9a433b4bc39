// Frame-mode decoding of arbitrary bytes, fed in arbitrary splits, must never crash,
// read out of bounds, or hold more than its fixed buffers; and a frame encoded from
// any body must decode back to that body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "device/protocol/frame_decoder.hpp"
#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/frame_reader.hpp"
#include "device/protocol/stream_decoder.hpp"

namespace {

using namespace isokin::device;
using namespace isokin::device::protocol;

struct CountingSink : StreamSink {
  std::uint64_t samples = 0;
  void on_samples(std::span<const DeviceSample> s) override { samples += s.size(); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> input(data, size);

  // 1. The host decoder, fed in chunks whose sizes come from the input itself.
  FrameDecoder decoder;
  CountingSink sink;
  std::size_t pos = 0;
  std::size_t step = 1 + input[0] % 64;
  while (pos < size) {
    const std::size_t n = std::min(step, size - pos);
    decoder.feed(input.subspan(pos, n), sink);
    pos += n;
    step = 1 + input[pos % size] % 300;
  }
  const isokin::LinkCounts c = decoder.counts();
  if (c.samples != sink.samples) std::abort();

  // 2. The same bytes through auto-detection.
  StreamDecoder stream;
  stream.feed(input, sink);

  // 3. Round trip: the input as a body.
  if (size <= kMaxFrameBytes - kMinFrameBytes) {
    std::vector<std::uint8_t> wire;
    encode_frame(input[0], static_cast<std::uint16_t>(size), input, wire);
    FrameReader reader;
    bool seen = false;
    const std::uint8_t zero = 0;
    reader.feed(std::span(&zero, 1), [](const RawFrame&) {});
    reader.feed(wire, [&](const RawFrame& f) {
      seen = f.type == input[0] && f.seq == static_cast<std::uint16_t>(size) && f.body.size() == size &&
             std::equal(f.body.begin(), f.body.end(), input.begin());
    });
    if (!seen) std::abort();
  }
  return 0;
}
