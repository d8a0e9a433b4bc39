#include "device/transports/protocol_device.hpp"

#include <thread>

#include <fmt/format.h>

#include "device/protocol/messages.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The protocol's waits (docs/protocol.md), the same over every link. A device answers
// HELLO_REQUEST within 500 ms; the host asks 4 times (a board that resets when its
// port opens misses the first). STATUS answers START within 1 s and STOP within
// 500 ms, which the host stretches to 2 s for its own load.
constexpr milliseconds kHelloWait{500};
constexpr int kHelloAttempts = 4;
constexpr milliseconds kStartWait{1000};
constexpr milliseconds kStopWait{2000};
// While the device is gone, how often its link is opened again.
constexpr milliseconds kReconnectRetry{200};
// The longest one read from the link blocks inside a wait.
constexpr milliseconds kPumpSlice{50};
// Before START: how long the link must stay quiet to count as drained, and the most
// time spent draining a device that keeps streaming.
constexpr milliseconds kDrainQuiet{10};
constexpr milliseconds kDrainLimit{100};

milliseconds remaining(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? left : milliseconds(0);
}

}  // namespace

ProtocolDevice::ProtocolDevice(std::unique_ptr<ByteLink> link, protocol::StreamFormat format, std::string uri)
    : link_(std::move(link)), decoder_(format), uri_(std::move(uri)), buffer_(64 * 1024) {}

ProtocolDevice::~ProtocolDevice() { link_->close(); }

void ProtocolDevice::on_hello(const DeviceHello& hello) { hello_ = hello; }

void ProtocolDevice::on_status(const protocol::DeviceStatus& status) {
  // The first STATUS answering the command being waited for (acked_seq is optional:
  // a STATUS without it answers too); later ones are events of the run.
  if (awaiting_seq_ && !answer_ && (!status.acked_seq || *status.acked_seq == *awaiting_seq_)) {
    answer_ = status;
    return;
  }
  if (status.state == protocol::DeviceStatus::State::error) {
    // The run is over: nothing to resend after a reconnect, no STOP to send.
    error_status_ = status;
    running_request_.reset();
  } else if (status.state == protocol::DeviceStatus::State::idle && running_request_ && !stop_sent_ &&
             (!status.acked_seq || *status.acked_seq != static_cast<std::uint16_t>(encoder_.next_seq() - 1))) {
    // Idle without our asking: the device finished the repetitions it was asked for.
    finished_ = true;
  }
}

void ProtocolDevice::on_samples(std::span<const DeviceSample> samples) {
  pending_.insert(pending_.end(), samples.begin(), samples.end());
}

void ProtocolDevice::send(const std::vector<std::uint8_t>& frame) { link_->write(frame); }

void ProtocolDevice::throw_if_error() {
  if (error_status_) {
    throw_status(*error_status_);
  }
}

void ProtocolDevice::throw_status(const protocol::DeviceStatus& status) {
  // Copied first: `status` may be error_status_ itself.
  std::string message =
      status.message.empty() ? uri_ + ": the device reported an error without a message" : status.message;
  error_status_.reset();
  throw DeviceError(message);
}

std::optional<protocol::DeviceStatus> ProtocolDevice::command(const std::vector<std::uint8_t>& frame,
                                                              milliseconds wait) {
  awaiting_seq_ = static_cast<std::uint16_t>(encoder_.next_seq() - 1u);  // the frame was just encoded with it
  answer_.reset();
  send(frame);
  const auto deadline = Clock::now() + wait;
  bool went_away = false;
  while (!answer_ && Clock::now() < deadline) {
    if (!pump(std::min(remaining(deadline), kPumpSlice))) {
      went_away = true;
      break;
    }
  }
  awaiting_seq_.reset();
  if (went_away && !answer_) {
    lost_ = true;
    next_retry_ = Clock::now() + kReconnectRetry;
    if (!stop_sent_) throw DeviceError(uri_ + ": the device went away at START");
  }
  return answer_;
}

bool ProtocolDevice::pump(milliseconds timeout) {
  const LinkRead r = link_->read_some(buffer_, timeout);
  if (r.bytes > 0) decoder_.feed(std::span(buffer_.data(), r.bytes), *this);
  return !r.lost;
}

DeviceHello ProtocolDevice::open() {
  link_->open();
  // HELLO_REQUEST is harmless to a line-mode board (it has no commands) and answers a
  // frame-mode one; once the first bytes show a line stream, asking stops.
  for (int attempt = 0; attempt < kHelloAttempts; ++attempt) {
    if (frame_mode()) send(encoder_.hello_request());
    const auto deadline = Clock::now() + kHelloWait;
    while (Clock::now() < deadline) {
      if (!pump(std::min(remaining(deadline), kPumpSlice))) {
        throw DeviceError(uri_ + ": the device went away while opening");
      }
      if (hello_) return *hello_;
    }
  }
  link_->close();
  const auto total_s = std::chrono::duration<double>(kHelloWait * kHelloAttempts).count();
  if (decoder_.format() == protocol::StreamFormat::line) {
    throw DeviceError(fmt::format("{}: no sample line within {:g} s (is the device powered and streaming?)", uri_,
                                  total_s));
  }
  throw DeviceError(fmt::format("{}: no HELLO within {:g} s (HELLO_REQUEST sent {} times, {} ms apart): not an "
                                "isokin-protocol device, not powered, or on a serial port the wrong baud rate or format",
                                uri_, total_s, kHelloAttempts, kHelloWait.count()));
}

// Samples that arrive before START belong to no trial of this host: the tail of a run
// the device was making when the host opened it (a host that crashed and came back), or
// frames a USB-serial chip kept in its buffer. Whatever is waiting is read (bounded) and
// dropped; the trial starts with what the device sends after START.
void ProtocolDevice::discard_samples_before_start() {
  const auto deadline = Clock::now() + kDrainLimit;
  while (Clock::now() < deadline) {
    const LinkRead r = link_->read_some(buffer_, kDrainQuiet);
    if (r.bytes > 0) decoder_.feed(std::span(buffer_.data(), r.bytes), *this);
    if (r.lost || r.bytes == 0) break;
  }
  pending_.clear();
}

void ProtocolDevice::start(const StartRequest& request) {
  stop_sent_ = false;
  finished_ = false;
  if (frame_mode() && link_->is_open()) discard_samples_before_start();
  running_request_ = request;
  if (!frame_mode()) return;  // line mode has no commands
  try {
    const auto answer = command(encoder_.start(request), kStartWait);
    if (!answer) {
      throw DeviceError(fmt::format("{}: no STATUS within {:g} s of START", uri_,
                                    std::chrono::duration<double>(kStartWait).count()));
    }
    if (answer->state == protocol::DeviceStatus::State::error) throw_status(*answer);
    // A STATUS after the answer (the device failed or finished at once) is read()'s to
    // report, after the samples that came before it.
  } catch (const DeviceError&) {
    running_request_.reset();  // not running: no STOP, no START again after a reconnect
    throw;
  }
}

bool ProtocolDevice::try_reconnect(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (Clock::now() >= next_retry_) {
      try {
        link_->open();
      } catch (const DeviceError&) {
        next_retry_ = Clock::now() + kReconnectRetry;
      }
      if (link_->is_open()) break;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::min(remaining(deadline), std::max(remaining(next_retry_), milliseconds(1))));
  }
  ++reconnects_;
  lost_ = false;
  decoder_.resync();
  if (frame_mode()) {
    encoder_ = protocol::FrameEncoder{};  // a new link is a new conversation: seq from 0
    send(encoder_.hello_request());
    // A device that lost power is idle again: ask for the same test. A device that
    // kept running answers STATUS running and goes on.
    if (running_request_ && !stop_sent_) send(encoder_.start(*running_request_));
  }
  return true;
}

ReadResult ProtocolDevice::read(std::vector<DeviceSample>& out, milliseconds timeout) {
  ReadResult result;
  const auto deadline = Clock::now() + timeout;
  // A STATUS error ends the run, but only after the samples that came before it.
  if (pending_.empty()) throw_if_error();
  if (lost_ && !try_reconnect(timeout)) {
    result.status = ReadStatus::samples;
    result.host_time_s = unix_now_s();
    return result;
  }
  while (pending_.empty() && !finished_) {
    const auto left = remaining(deadline);
    if (!pump(left)) {
      lost_ = true;
      next_retry_ = Clock::now() + kReconnectRetry;
      result.status = ReadStatus::link_lost;
      break;
    }
    if (error_status_) break;
    if (left.count() == 0) break;
  }
  result.host_time_s = unix_now_s();
  out.insert(out.end(), pending_.begin(), pending_.end());
  pending_.clear();
  if (finished_ && result.status == ReadStatus::samples) result.status = ReadStatus::finished;
  return result;
}

void ProtocolDevice::stop() {
  stop_sent_ = true;
  // Nothing to stop: the device finished (STATUS idle) or failed (STATUS error) by
  // itself, START was refused, or the link is gone.
  const bool running = running_request_.has_value() && !finished_;
  running_request_.reset();
  if (!running || !frame_mode() || !link_->is_open()) return;
  // The protocol asks the device to answer within 500 ms; the host allows 2 s so that a
  // loaded host (or a busy USB-serial adapter) does not turn a late answer into a fault.
  const auto answer = command(encoder_.stop(), kStopWait);
  pending_.clear();
  if (answer && answer->state == protocol::DeviceStatus::State::error) throw_status(*answer);
  throw_if_error();
  if (!answer && link_->is_open()) {
    throw DeviceError(fmt::format("{}: no STATUS within {:g} s of STOP (is the device still running?)", uri_,
                                  std::chrono::duration<double>(kStopWait).count()));
  }
}

void ProtocolDevice::close() { link_->close(); }

LinkCounts ProtocolDevice::counts() const {
  LinkCounts c = decoder_.counts();
  c.reconnects = reconnects_;
  return c;
}

}  // namespace isokin::device
