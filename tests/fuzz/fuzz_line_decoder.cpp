// Line-mode decoding of arbitrary bytes must never crash or grow; every sample it
// reports is finite and in non-decreasing device time.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "device/protocol/line_decoder.hpp"

namespace {

using namespace isokin::device;
using namespace isokin::device::protocol;

struct CheckingSink : StreamSink {
  std::uint64_t last_t_us = 0;
  std::uint64_t samples = 0;
  void on_samples(std::span<const DeviceSample> s) override {
    for (const auto& x : s) {
      if (!std::isfinite(x.torque_nm) || !std::isfinite(x.angle_deg) || !std::isfinite(x.velocity_deg_s)) std::abort();
      if (x.t_us < last_t_us) std::abort();
      last_t_us = x.t_us;
      ++samples;
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  LineDecoder decoder;
  CheckingSink sink;
  const std::span<const std::uint8_t> input(data, size);
  const std::size_t half = size / 2;
  decoder.feed(input.first(half), sink);
  decoder.feed(input.subspan(half), sink);
  if (decoder.counts().samples != sink.samples) std::abort();
  return 0;
}
