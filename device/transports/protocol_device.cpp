#include "device/transports/protocol_device.hpp"

#include <thread>

#include "device/protocol/messages.hpp"

namespace isokin::device {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

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
  last_status_ = status;
  if (status.state == protocol::DeviceStatus::State::error) {
    error_status_ = status;
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
    auto message = error_status_->message.empty() ? std::string("the device reported an error") : error_status_->message;
    error_status_.reset();
    throw DeviceError(message);
  }
}

bool ProtocolDevice::pump(milliseconds timeout) {
  const LinkRead r = link_->read_some(buffer_, timeout);
  if (r.bytes > 0) decoder_.feed(std::span(buffer_.data(), r.bytes), *this);
  return !r.lost;
}

DeviceHello ProtocolDevice::open() {
  link_->open();
  const auto deadline = Clock::now() + milliseconds(2000);
  auto next_request = Clock::now();
  while (Clock::now() < deadline) {
    if (decoder_.format() != protocol::StreamFormat::line && Clock::now() >= next_request) {
      // Harmless to a line-mode board (it has no commands); answers a frame-mode one.
      send(encoder_.hello_request());
      next_request = Clock::now() + milliseconds(500);
    }
    if (!pump(std::min(remaining(deadline), milliseconds(50)))) {
      throw DeviceError(uri_ + ": the device went away while opening");
    }
    if (hello_) return *hello_;
  }
  link_->close();
  if (decoder_.format() == protocol::StreamFormat::line) {
    throw DeviceError(uri_ + ": no sample line within 2 s (is the device powered and streaming?)");
  }
  throw DeviceError(uri_ + ": no HELLO within 2 s of HELLO_REQUEST (wrong port, baud rate or format?)");
}

void ProtocolDevice::start(const StartRequest& request) {
  running_request_ = request;
  stop_sent_ = false;
  finished_ = false;
  if (!frame_mode()) return;  // line mode has no commands
  const std::uint16_t seq = encoder_.next_seq();
  send(encoder_.start(request));
  last_status_.reset();
  const auto deadline = Clock::now() + milliseconds(1000);
  while (Clock::now() < deadline) {
    if (!pump(std::min(remaining(deadline), milliseconds(50)))) throw DeviceError(uri_ + ": the device went away at START");
    throw_if_error();
    if (last_status_ && (!last_status_->acked_seq || *last_status_->acked_seq == seq)) return;
  }
  throw DeviceError(uri_ + ": no STATUS within 1 s of START");
}

bool ProtocolDevice::try_reconnect(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (Clock::now() >= next_retry_) {
      try {
        link_->open();
      } catch (const DeviceError&) {
        next_retry_ = Clock::now() + milliseconds(200);
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
      next_retry_ = Clock::now() + milliseconds(200);
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
  if (!frame_mode() || !link_->is_open()) return;
  const std::uint16_t seq = encoder_.next_seq();
  send(encoder_.stop());
  last_status_.reset();
  // The protocol asks the device to answer within 500 ms; the host allows 2 s so that a
  // loaded host (or a busy USB-serial adapter) does not turn a late answer into a fault.
  const auto deadline = Clock::now() + milliseconds(2000);
  bool answered = false;
  while (!answered && Clock::now() < deadline) {
    if (!pump(std::min(remaining(deadline), milliseconds(50)))) return;
    answered = last_status_ && (!last_status_->acked_seq || *last_status_->acked_seq == seq);
  }
  pending_.clear();
  throw_if_error();
  if (!answered) throw DeviceError(uri_ + ": no STATUS within 2 s of STOP (is the device still running?)");
}

void ProtocolDevice::close() { link_->close(); }

LinkCounts ProtocolDevice::counts() const {
  LinkCounts c = decoder_.counts();
  c.reconnects = reconnects_;
  return c;
}

}  // namespace isokin::device
