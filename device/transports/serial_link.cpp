#include "device/transports/serial_link.hpp"

// g++ 12 in C++20: asio/awaitable.hpp needs std::exchange before <boost/asio.hpp>.
#include <utility>
#include <boost/asio.hpp>

#include <fcntl.h>
#include <linux/serial.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "device/device.hpp"

namespace isokin::device {
namespace {

namespace asio = boost::asio;

// What the driver gives for latency. FTDI adapters hold bytes up to latency_timer ms
// (16 by default): ASYNC_LOW_LATENCY makes the ftdi_sio driver set it to 1 ms.
std::string request_low_latency(int fd, const std::string& path) {
  std::string note;
  serial_struct info{};
  if (ioctl(fd, TIOCGSERIAL, &info) != 0) {
    note = "TIOCGSERIAL not supported (not a UART driver, e.g. a pty)";
  } else {
    info.flags |= ASYNC_LOW_LATENCY;
    if (ioctl(fd, TIOCSSERIAL, &info) != 0) {
      note = fmt::format("ASYNC_LOW_LATENCY refused ({})", std::strerror(errno));
    } else {
      note = "ASYNC_LOW_LATENCY set";
    }
  }
  // FTDI: report the latency timer the driver ended up with.
  std::error_code ec;
  const auto real = std::filesystem::canonical(path, ec);
  if (!ec) {
    const auto timer = std::filesystem::path("/sys/bus/usb-serial/devices") / real.filename() / "latency_timer";
    std::ifstream in(timer);
    int ms = 0;
    if (in >> ms) note += fmt::format("; FTDI latency_timer {} ms", ms);
  }
  return note;
}

class SerialLink final : public ByteLink {
 public:
  explicit SerialLink(SerialSettings settings) : settings_(std::move(settings)), port_(io_) {}

  void open() override {
    boost::system::error_code ec;
    port_.open(settings_.path, ec);
    if (ec) throw DeviceError(fmt::format("serial port {}: {}", settings_.path, ec.message()));
    port_.set_option(asio::serial_port::baud_rate(settings_.baud), ec);
    if (ec) {
      baud_note_ = fmt::format("baud {} refused ({}), continuing at the port's setting", settings_.baud, ec.message());
    }
    port_.set_option(asio::serial_port::character_size(8), ec);
    port_.set_option(asio::serial_port::parity(asio::serial_port::parity::none), ec);
    port_.set_option(asio::serial_port::stop_bits(asio::serial_port::stop_bits::one), ec);
    port_.set_option(asio::serial_port::flow_control(asio::serial_port::flow_control::none), ec);
    if (settings_.low_latency) latency_ = request_low_latency(port_.native_handle(), settings_.path);
  }

  void close() override {
    boost::system::error_code ec;
    port_.close(ec);
  }

  bool is_open() const override { return port_.is_open(); }

  LinkRead read_some(std::span<std::uint8_t> buffer, std::chrono::milliseconds timeout) override {
    LinkRead result;
    if (!port_.is_open()) return {0, true};
    boost::system::error_code error;
    bool done = false;
    port_.async_read_some(asio::buffer(buffer.data(), buffer.size()),
                          [&](const boost::system::error_code& ec, std::size_t n) {
                            error = ec;
                            result.bytes = n;
                            done = true;
                          });
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      boost::system::error_code ignored;
      port_.cancel(ignored);
      io_.restart();
      io_.run();  // completes the cancelled read (or one that just finished)
    }
    if (error && error != asio::error::operation_aborted) {
      // EOF (emulator closed its pty master), EIO or ENXIO (adapter unplugged).
      result.lost = true;
      close();
    }
    return result;
  }

  bool write(std::span<const std::uint8_t> bytes) override {
    if (!port_.is_open()) return false;
    boost::system::error_code ec;
    asio::write(port_, asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec) {
      close();
      return false;
    }
    return true;
  }

  std::string latency_note() const override {
    if (baud_note_.empty()) return latency_;
    return latency_.empty() ? baud_note_ : baud_note_ + "; " + latency_;
  }

 private:
  SerialSettings settings_;
  asio::io_context io_;
  asio::serial_port port_;
  std::string latency_;
  std::string baud_note_;
};

}  // namespace

std::unique_ptr<ByteLink> make_serial_link(const SerialSettings& settings) {
  return std::make_unique<SerialLink>(settings);
}

}  // namespace isokin::device
