// Acquisition benchmarks (docs/benchmarks.md, ## Acquisition):
//   BM_FrameDecoder       codec alone: SAMPLES frames in memory -> samples
//   BM_PtyRate/R          sustained rate over a real pty at R samples/s: an emulator
//                         thread writes frames to the pty master on absolute deadlines;
//                         the host side is the real serial transport (Boost.Asio) and
//                         reader thread + SPSC queue; counters say whether any sample
//                         was lost
//   BM_PtyLatency         2 kHz, one sample per frame: time from the emulator's write()
//                         to the sample leaving the queue (p50, p99, max)
// CPU at 2 kHz and memory over a one-hour session are measured on whole processes by
// bench/harness_acquisition.sh.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "device/acquisition/reader_thread.hpp"
#include "device/device.hpp"
#include "device/protocol/frame_decoder.hpp"
#include "device/protocol/frame_encoder.hpp"
#include "device/protocol/frame_reader.hpp"
#include "device/protocol/messages.hpp"
#include "device/transports/serial_device.hpp"

namespace {

using namespace isokin;
using namespace isokin::device;
using Clock = std::chrono::steady_clock;

std::int64_t now_ns() { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(); }

std::vector<DeviceSample> make_samples(std::size_t n, std::uint64_t t0, std::uint32_t period) {
  std::vector<DeviceSample> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = {t0 + i * period, static_cast<float>(std::sin(i * 0.01) * 100), static_cast<float>(50 + 40 * std::cos(i * 0.001)), -60.0f};
  }
  return v;
}

void BM_FrameDecoder(benchmark::State& state) {
  protocol::FrameEncoder encoder;
  std::vector<std::uint8_t> stream;
  const std::size_t per_frame = 100;
  for (int f = 0; f < 1000; ++f) {
    const auto frame = encoder.samples(f * per_frame * 1000ull, 1000, make_samples(per_frame, f * per_frame * 1000ull, 1000));
    stream.insert(stream.end(), frame.begin(), frame.end());
  }
  struct Sink : protocol::StreamSink {
    std::size_t n = 0;
    void on_samples(std::span<const DeviceSample> s) override { n += s.size(); }
  } sink;
  for (auto _ : state) {
    protocol::FrameDecoder decoder;
    decoder.feed(stream, sink);
    benchmark::DoNotOptimize(sink.n);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 1000 * per_frame));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_FrameDecoder)->Unit(benchmark::kMicrosecond);

// A device on the master side of a pty, in this process.
class PtyEmulator {
 public:
  PtyEmulator(double rate_hz, std::size_t per_frame, std::uint64_t count)
      : period_us_(static_cast<std::uint32_t>(std::llround(1e6 / rate_hz))), per_frame_(per_frame), count_(count),
        write_ns_(count / per_frame + 2) {
    int slave = -1;
    char name[256] = {};
    if (openpty(&master_, &slave, name, nullptr, nullptr) != 0) throw std::runtime_error("openpty");
    termios tio{};
    tcgetattr(slave, &tio);
    cfmakeraw(&tio);
    tcsetattr(slave, TCSANOW, &tio);
    ::close(slave);
    path_ = name;
    thread_ = std::thread([this] { run(); });
  }
  ~PtyEmulator() {
    quit_ = true;
    thread_.join();
    ::close(master_);
  }
  const std::string& path() const { return path_; }
  std::int64_t write_ns(std::size_t frame) const { return write_ns_[frame].load(std::memory_order_acquire); }
  std::size_t per_frame() const { return per_frame_; }
  std::uint32_t period_us() const { return period_us_; }

 private:
  void write_all(const std::vector<std::uint8_t>& bytes) {
    std::size_t done = 0;
    while (done < bytes.size() && !quit_) {
      const ssize_t n = ::write(master_, bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
      } else {
        pollfd p{master_, POLLOUT, 0};
        ::poll(&p, 1, 10);
      }
    }
  }

  void run() {
    protocol::FrameEncoder encoder;
    protocol::FrameReader reader;
    std::uint8_t buffer[4096];
    bool streaming = false;
    Clock::time_point start;
    std::uint64_t next = 0;
    std::vector<DeviceSample> samples;
    while (!quit_) {
      pollfd p{master_, POLLIN, 0};
      const bool busy = streaming && next < count_;
      ::poll(&p, 1, busy ? 0 : 5);
      if (p.revents & POLLIN) {
        const ssize_t n = ::read(master_, buffer, sizeof buffer);
        if (n > 0) {
          reader.feed(std::span(buffer, static_cast<std::size_t>(n)), [&](const protocol::RawFrame& f) {
            if (f.type == static_cast<std::uint8_t>(protocol::FrameType::hello_request)) {
              DeviceHello hello{"bench-emulator", "B1", "1", 1e6 / period_us_, std::nullopt, {"knee"}, ""};
              write_all(encoder.hello(hello));
            } else if (f.type == static_cast<std::uint8_t>(protocol::FrameType::start)) {
              write_all(encoder.status({protocol::DeviceStatus::State::running, {}, f.seq}));
              streaming = true;
              start = Clock::now();
            } else if (f.type == static_cast<std::uint8_t>(protocol::FrameType::stop)) {
              streaming = false;
              write_all(encoder.status({protocol::DeviceStatus::State::idle, {}, f.seq}));
            }
          });
        }
      }
      if (!busy) continue;
      // The frame is due when its last sample's time has come (absolute deadline).
      const std::uint64_t last = std::min<std::uint64_t>(next + per_frame_, count_) - 1;
      const auto due = start + std::chrono::microseconds(last * period_us_);
      if (Clock::now() < due) {
        const auto wait = due - Clock::now();
        if (wait > std::chrono::microseconds(200)) std::this_thread::sleep_until(due - std::chrono::microseconds(100));
        while (Clock::now() < due) {
        }
      }
      samples = make_samples(last - next + 1, next * period_us_, period_us_);
      const auto frame = encoder.samples(next * period_us_, period_us_, samples);
      write_ns_[next / per_frame_].store(now_ns(), std::memory_order_release);
      write_all(frame);
      next = last + 1;
    }
  }

  int master_ = -1;
  std::string path_;
  std::uint32_t period_us_;
  std::size_t per_frame_;
  std::uint64_t count_;
  std::vector<std::atomic<std::int64_t>> write_ns_;
  std::atomic<bool> quit_{false};
  std::thread thread_;
};

struct RunResult {
  std::uint64_t received = 0;
  LinkCounts counts;
  double seconds = 0;
  std::vector<double> latency_us;
};

RunResult run_pty(double rate_hz, std::size_t per_frame, double seconds, bool latency) {
  const auto count = static_cast<std::uint64_t>(rate_hz * seconds);
  PtyEmulator emulator(rate_hz, per_frame, count);
  auto dev = make_serial_device("serial://" + emulator.path() + "?format=frame");
  dev->open();
  dev->start(StartRequest{});
  ReaderThread reader(*dev, 1u << 20, std::chrono::milliseconds(20));
  RunResult r;
  if (latency) r.latency_us.reserve(count);
  const auto t0 = Clock::now();
  reader.start();
  std::vector<AcquiredSample> taken;
  const auto give_up = t0 + std::chrono::duration<double>(seconds * 2 + 3);
  while (r.received < count && Clock::now() < give_up) {
    taken.clear();
    reader.take(taken, 1 << 16, std::chrono::milliseconds(5));
    const std::int64_t now = now_ns();
    if (latency) {
      for (const auto& a : taken) {
        const std::size_t frame = a.sample.t_us / emulator.period_us() / emulator.per_frame();
        r.latency_us.push_back(static_cast<double>(now - emulator.write_ns(frame)) / 1e3);
      }
    }
    r.received += taken.size();
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  reader.stop();
  dev->stop();
  r.counts = dev->counts();
  return r;
}

void BM_PtyRate(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  const std::size_t per_frame = std::clamp<std::size_t>(static_cast<std::size_t>(rate / 1000), 1, 339);
  RunResult r;
  for (auto _ : state) r = run_pty(rate, per_frame, 2.0, false);
  const auto expected = static_cast<std::uint64_t>(rate * 2.0);
  state.counters["received"] = static_cast<double>(r.received);
  state.counters["missing"] = static_cast<double>(expected - std::min(expected, r.received));
  state.counters["lost_samples"] = static_cast<double>(r.counts.lost_samples);
  state.counters["corrupt"] = static_cast<double>(r.counts.corrupt_frames);
  state.counters["samples_per_s"] = static_cast<double>(r.received) / r.seconds;  // achieved, wall clock
}
// Rates whose period is a whole number of microseconds (SAMPLES frames carry period_us).
BENCHMARK(BM_PtyRate)->Arg(2'000)->Arg(50'000)->Arg(200'000)->Arg(500'000)->Arg(1'000'000)
    ->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_PtyLatency(benchmark::State& state) {
  RunResult r;
  for (auto _ : state) r = run_pty(2000, 1, 5.0, true);
  auto& v = r.latency_us;
  std::sort(v.begin(), v.end());
  auto pct = [&](double p) { return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))]; };
  state.counters["samples"] = static_cast<double>(v.size());
  state.counters["p50_us"] = pct(0.50);
  state.counters["p99_us"] = pct(0.99);
  state.counters["max_us"] = v.empty() ? 0.0 : v.back();
}
BENCHMARK(BM_PtyLatency)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
