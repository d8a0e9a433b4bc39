// A Device that speaks the wire protocol over a ByteLink: a serial port
// (serial_link.hpp) or a USB bulk endpoint pair (usb_link.hpp). The one protocol
// state machine of every transport, so they agree on waits, outcomes and messages.
//
// Frame mode: open() sends HELLO_REQUEST and waits 500 ms for HELLO, 4 times;
// start() sends START and waits 1 s for the STATUS that answers it; stop() sends STOP
// and waits 2 s. A STATUS error becomes a DeviceError carrying the device's message
// word for word; during a run, read() first hands out the samples that came before
// it. A STATUS idle the host did not ask for means the device finished the test by
// itself: read() returns `finished`. After either, stop() sends nothing.
// Line mode: the device streams by itself; open() waits for the first sample and
// takes the `# key=value` metadata as its HELLO. Auto: the first bytes decide.
//
// When the link drops, read() reports link_lost once, then retries opening the same
// link every 200 ms (each read() waits at most its timeout: how long to wait for the
// device is the caller's reconnect timeout); once back, it counts a reconnect,
// resynchronises the decoder, and in frame mode asks HELLO and (if a test was
// running) sends START again, as a new conversation (command seq from 0).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "device/device.hpp"
#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/stream_decoder.hpp"
#include "device/transports/byte_link.hpp"

namespace isokin::device {

class ProtocolDevice final : public Device, private protocol::StreamSink {
 public:
  ProtocolDevice(std::unique_ptr<ByteLink> link, protocol::StreamFormat format, std::string uri);
  ~ProtocolDevice() override;

  DeviceHello open() override;
  void start(const StartRequest& request) override;
  ReadResult read(std::vector<DeviceSample>& out, std::chrono::milliseconds timeout) override;
  void stop() override;
  void close() override;
  LinkCounts counts() const override;
  std::string uri() const override { return uri_; }

  // What the driver gave for latency (for the person: FTDI bursts).
  std::string latency_note() const { return link_->latency_note(); }
  protocol::StreamFormat format() const { return decoder_.format(); }

 private:
  void on_hello(const DeviceHello& hello) override;
  void on_status(const protocol::DeviceStatus& status) override;
  void on_samples(std::span<const DeviceSample> samples) override;

  bool frame_mode() const { return decoder_.format() != protocol::StreamFormat::line; }
  void send(const std::vector<std::uint8_t>& frame);
  // Reads and decodes for up to `timeout`; returns false if the link was lost.
  bool pump(std::chrono::milliseconds timeout);
  void discard_samples_before_start();
  bool try_reconnect(std::chrono::milliseconds timeout);
  void throw_if_error();
  [[noreturn]] void throw_status(const protocol::DeviceStatus& status);
  // Sends a command frame and waits up to `wait` for the STATUS answering it: nullopt
  // when none came (or, for STOP, the link went away); throws if it went away at START.
  std::optional<protocol::DeviceStatus> command(const std::vector<std::uint8_t>& frame, std::chrono::milliseconds wait);

  std::unique_ptr<ByteLink> link_;
  protocol::StreamDecoder decoder_;
  protocol::FrameEncoder encoder_;
  std::string uri_;
  std::vector<std::uint8_t> buffer_;
  std::vector<DeviceSample> pending_;       // decoded, not yet handed out
  std::optional<DeviceHello> hello_;
  std::optional<std::uint16_t> awaiting_seq_;           // a command waiting for its STATUS
  std::optional<protocol::DeviceStatus> answer_;        // the STATUS that answered it
  std::optional<protocol::DeviceStatus> error_status_;
  std::optional<StartRequest> running_request_;
  bool stop_sent_ = false;
  bool finished_ = false;
  bool lost_ = false;
  std::uint64_t reconnects_ = 0;
  std::chrono::steady_clock::time_point next_retry_{};
};

}  // namespace isokin::device
