#include "emulator.hpp"

#include <cmath>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "device/protocol/cobs.hpp"
#include "device/protocol/messages.hpp"
#include "device/simulator/simulator_random.hpp"

namespace isokin::devsim {
namespace {

namespace protocol = device::protocol;
using State = protocol::DeviceStatus::State;

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

Emulator::Emulator(SerialEndpoint& endpoint, EmulatorOptions options)
    : endpoint_(endpoint), options_(std::move(options)), faults_(options_.fault_seed) {
  // The device clock ticks in whole microseconds: the period is rounded once, and
  // sample i is at i * period_us exactly (what SAMPLES frames can express).
  period_us_ = static_cast<std::uint64_t>(std::llround(1e6 / options_.params.rate_hz));
  if (options_.samples_per_frame == 0) {
    options_.samples_per_frame = static_cast<std::size_t>(std::clamp(options_.params.rate_hz / 100.0, 1.0, 339.0));
  }
  options_.samples_per_frame = std::min<std::size_t>(options_.samples_per_frame, protocol::kMaxSamplesPerFrame);
  if (!options_.truth_file.empty()) {
    truth_.open(options_.truth_file);
    truth_ << "index,t_us,torque_nm,angle_deg,velocity_deg_s,fate\n";
  }
}

std::uint64_t Emulator::t_us_of(std::uint64_t index) const { return index * period_us_; }

Emulator::Clock::time_point Emulator::due_of(std::uint64_t index) const {
  if (options_.params.speed <= 0) return stream_start_;
  const double s = static_cast<double>(t_us_of(index)) * 1e-6 / options_.params.speed;
  return stream_start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

void Emulator::log_truth(const device::DeviceSample& s, const char* fate) {
  if (!truth_.is_open()) return;
  // %.9g round-trips a float32 exactly.
  truth_ << fmt::format("{},{},{:.9g},{:.9g},{:.9g},{}\n", s.t_us / period_us_, s.t_us, s.torque_nm, s.angle_deg,
                        s.velocity_deg_s, fate);
}

void Emulator::send_status(State state, std::string message, std::optional<std::uint16_t> acked) {
  protocol::DeviceStatus status;
  status.state = state;
  status.message = std::move(message);
  status.acked_seq = acked;
  endpoint_.write(encoder_.status(status));
}

void Emulator::start_stream(const device::StartRequest& request) {
  model_.emplace(options_.params, request, device::sim::trial_seed(options_.params.seed, trials_++));
  request_ = request;
  streaming_ = true;
  finished_ = false;
  next_index_ = 0;
  stream_start_ = Clock::now();
}

void Emulator::on_command(const protocol::RawFrame& frame) {
  switch (static_cast<protocol::FrameType>(frame.type)) {
    case protocol::FrameType::hello_request: {
      device::DeviceHello hello;
      hello.model = "isokin-devsim";
      hello.serial = fmt::format("DEVSIM-{}", options_.params.seed);
      hello.firmware = "1.0.0";
      hello.rate_hz = 1e6 / static_cast<double>(period_us_);
      hello.max_velocity_deg_s = 500;
      hello.joints = {"knee"};
      endpoint_.write(encoder_.hello(hello));
      return;
    }
    case protocol::FrameType::start: {
      const std::string_view body(reinterpret_cast<const char*>(frame.body.data()), frame.body.size());
      const auto request = protocol::parse_start(body);
      if (!request) {
        send_status(State::error, "START body is not a valid request", frame.seq);
        return;
      }
      if (streaming_) {  // the host re-sent START after a reconnect: go on
        send_status(State::running, {}, frame.seq);
        return;
      }
      try {
        start_stream(*request);
      } catch (const std::exception& e) {
        send_status(State::error, e.what(), frame.seq);
        return;
      }
      send_status(State::running, {}, frame.seq);
      return;
    }
    case protocol::FrameType::stop:
      if (streaming_) emit_due(Clock::now());  // frames already due go out before the answer
      streaming_ = false;
      stopped_by_host_ = true;
      send_status(State::idle, {}, frame.seq);
      return;
    default:
      return;  // a command this device does not know: ignored
  }
}

bool Emulator::stalled(Clock::time_point now) const {
  if (!options_.stall_at_s) return false;
  const auto begin = stream_start_ + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(*options_.stall_at_s / std::max(options_.params.speed, 1e-9)));
  return now >= begin && now < begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options_.stall_ms * 1e-3));
}

void Emulator::emit_frame(std::uint64_t first_index, const std::vector<device::DeviceSample>& samples) {
  const auto body = protocol::samples_body(t_us_of(first_index), static_cast<std::uint32_t>(period_us_), samples);
  const std::uint16_t seq = encoder_.next_seq();
  auto frame = encoder_.frame(static_cast<std::uint8_t>(protocol::FrameType::samples), body);  // consumes the seq
  const char* fate = "sent";
  if (!online_) {
    fate = "offline";
  } else if (options_.drop_rate > 0 && std::uniform_real_distribution<>(0, 1)(faults_) < options_.drop_rate) {
    fate = "dropped";
  } else if (options_.corrupt_rate > 0 && std::uniform_real_distribution<>(0, 1)(faults_) < options_.corrupt_rate) {
    // Flip one bit of the body after the CRC was computed, then re-frame: exactly one
    // frame arrives corrupt, its neighbours intact (a line glitch that COBS survives).
    auto raw = protocol::build_frame(static_cast<std::uint8_t>(protocol::FrameType::samples), seq, body);
    const auto at = std::uniform_int_distribution<std::size_t>(protocol::kHeaderBytes, raw.size() - 3)(faults_);
    raw[at] ^= static_cast<std::uint8_t>(1u << std::uniform_int_distribution<int>(0, 7)(faults_));
    frame.clear();
    protocol::cobs_encode(raw, frame);
    frame.push_back(0);
    fate = "corrupt";
  }
  for (const auto& s : samples) log_truth(s, fate);
  if (truth_.is_open()) truth_.flush();  // a test may kill us: the log must hold what went out
  if (online_ && std::string_view(fate) != "dropped") endpoint_.write(frame);
}

void Emulator::emit_lines(const std::vector<device::DeviceSample>& samples) {
  std::string text;
  for (const auto& s : samples) {
    text += fmt::format("{},{:.9g},{:.9g},{:.9g}\n", s.t_us, s.torque_nm, s.angle_deg, s.velocity_deg_s);
    log_truth(s, online_ ? "sent" : "offline");
  }
  if (truth_.is_open()) truth_.flush();
  if (online_) endpoint_.write(bytes_of(text));
}

void Emulator::emit_due(Clock::time_point now) {
  if (!streaming_ || !model_) return;
  const std::size_t per_frame = options_.samples_per_frame;
  while (true) {
    std::uint64_t last = next_index_ + per_frame - 1;
    if (options_.count > 0 && last >= options_.count) last = options_.count - 1;
    if (model_->total_samples() > 0 && last >= model_->total_samples()) last = model_->total_samples() - 1;
    const bool ending = (options_.count > 0 && last == options_.count - 1) ||
                        (model_->total_samples() > 0 && last == model_->total_samples() - 1);
    if (last < next_index_) break;
    if (due_of(last) > now) break;  // the frame's last sample is not due yet
    // Back-pressure: a host that reads slower than we generate (speed=0) sets the pace.
    if (endpoint_.pending_bytes() > 256 * 1024) break;
    const std::size_t n = static_cast<std::size_t>(last - next_index_ + 1);
    model_buffer_.clear();
    model_->generate(n, model_buffer_);
    frame_buffer_.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const auto& m = model_buffer_[i];
      frame_buffer_.push_back(device::DeviceSample{t_us_of(next_index_ + i), static_cast<float>(m.torque_nm),
                                                   static_cast<float>(m.angle_deg), static_cast<float>(m.velocity_deg_s)});
    }
    if (options_.format == WireFormat::frame) {
      emit_frame(next_index_, frame_buffer_);
    } else {
      emit_lines(frame_buffer_);
    }
    next_index_ += n;
    if (ending) {
      streaming_ = false;
      finished_ = true;
      finished_at_ = Clock::now();
      if (options_.format == WireFormat::frame && online_) send_status(State::idle, "done", std::nullopt);
      break;
    }
  }
}

void Emulator::run() {
  std::vector<std::uint8_t> in;
  if (options_.format == WireFormat::line) {
    // A line-mode board streams as soon as someone listens.
    while (endpoint_.host_absent()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    endpoint_.write(bytes_of(fmt::format("# model=isokin-devsim\n# serial=DEVSIM-{}\n# firmware=1.0.0\n# rate_hz={:g}\n",
                                         options_.params.seed, 1e6 / static_cast<double>(period_us_))));
    start_stream(device::StartRequest{});
  }
  while (true) {
    const auto now = Clock::now();
    // Faults tied to device time.
    if (streaming_ && options_.disconnect_at_s && !disconnected_once_ &&
        now >= due_of(static_cast<std::uint64_t>(*options_.disconnect_at_s * 1e6 / static_cast<double>(period_us_)))) {
      disconnected_once_ = true;
      online_ = false;  // from here on samples are "offline": generated, never sent
      // Unplug a little later: the host first reads what is already in the pty, so
      // every sample logged "sent" really reached it (a pty discards unread bytes on close).
      close_at_ = now + std::chrono::milliseconds(300);
      reconnect_at_ = close_at_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options_.return_after_s));
    }
    if (!online_ && endpoint_.is_open() && now >= close_at_) endpoint_.close();
    if (!online_ && !endpoint_.is_open() && now >= reconnect_at_) {
      endpoint_.open();
      online_ = true;
      reader_.resync();
    }
    if (!stalled(now)) emit_due(now);

    if (finished_) {
      const bool host_done = stopped_by_host_ || endpoint_.host_absent();
      if (host_done || now - finished_at_ > std::chrono::duration<double>(options_.linger_s)) break;
    }
    // Sleep until the next frame is due (absolute deadline), or a command arrives.
    auto wake = now + std::chrono::milliseconds(20);
    if (streaming_) wake = std::min(wake, due_of(next_index_ + options_.samples_per_frame - 1));
    const auto wait = std::chrono::duration_cast<std::chrono::microseconds>(wake - Clock::now());
    in.clear();
    if (endpoint_.is_open()) {
      endpoint_.poll(in, std::max(wait, std::chrono::microseconds(0)));
      if (!online_) in.clear();  // unplugging: commands are lost too
    } else {
      std::this_thread::sleep_until(std::min(wake, reconnect_at_));
    }
    // Line mode has no commands: a line-mode board ignores what the host sends.
    if (!in.empty() && options_.format == WireFormat::frame) {
      reader_.feed(in, [this](const protocol::RawFrame& f) { on_command(f); });
    }
  }
  if (truth_.is_open()) truth_.flush();
}

}  // namespace isokin::devsim
