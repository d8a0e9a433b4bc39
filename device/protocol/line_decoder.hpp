// Host side of line mode: `t_us,torque_nm,angle_deg,velocity_deg_s` per line.
//
// `#` lines are comments; `# key=value` comments before the first sample carry
// metadata (model, serial, firmware, rate_hz), reported as a HELLO when the first
// sample arrives. A line that does not parse (wrong field count, not a number, not
// finite, time going backwards, longer than kMaxLineBytes) is counted corrupt and
// skipped. Memory is bounded by kMaxLineBytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "device/protocol/stream_sink.hpp"
#include "model/trial.hpp"

namespace isokin::device::protocol {

class LineDecoder {
 public:
  static constexpr std::size_t kMaxLineBytes = 256;

  void feed(std::span<const std::uint8_t> bytes, StreamSink& sink);
  // After a reconnect: drop a partial line; the device clock may restart.
  void resync();
  LinkCounts counts() const;
  const DeviceHello& hello() const { return hello_; }

 private:
  void end_of_line(StreamSink& sink);
  void on_comment(std::string_view text);
  std::optional<DeviceSample> parse_sample(std::string_view text) const;

  std::array<char, kMaxLineBytes> line_{};
  std::size_t line_size_ = 0;
  bool overlong_ = false;
  bool discard_partial_ = false;  // after resync: the first line may be a tail
  bool seen_sample_ = false;
  DeviceHello hello_;
  std::optional<std::uint64_t> last_t_us_;
  std::uint64_t samples_ = 0;
  std::uint64_t corrupt_ = 0;
  std::uint64_t lost_samples_ = 0;
};

}  // namespace isokin::device::protocol
