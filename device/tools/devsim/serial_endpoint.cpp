#include "serial_endpoint.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace isokin::devsim {

SerialEndpoint::SerialEndpoint(std::string port, std::string link) : port_(std::move(port)), link_(std::move(link)) {}

SerialEndpoint::~SerialEndpoint() {
  close();
}

void SerialEndpoint::open() {
  if (port_.empty()) {
    int master = -1;
    int slave = -1;
    char name[256] = {};
    if (openpty(&master, &slave, name, nullptr, nullptr) != 0) {
      throw std::runtime_error(fmt::format("openpty: {}", std::strerror(errno)));
    }
    termios tio{};
    tcgetattr(slave, &tio);
    cfmakeraw(&tio);
    tcsetattr(slave, TCSANOW, &tio);
    // Close our slave end: the master then reports POLLHUP until a host opens it.
    ::close(slave);
    fd_ = master;
    slave_path_ = name;
    if (!link_.empty()) {
      std::error_code ec;
      std::filesystem::remove(link_ + ".tmp", ec);
      std::filesystem::create_symlink(slave_path_, link_ + ".tmp");
      std::filesystem::rename(link_ + ".tmp", link_);  // atomic: the host never sees no link mid-swap
    }
  } else {
    fd_ = ::open(port_.c_str(), O_RDWR | O_NOCTTY);
    if (fd_ < 0) throw std::runtime_error(fmt::format("{}: {}", port_, std::strerror(errno)));
    termios tio{};
    tcgetattr(fd_, &tio);
    cfmakeraw(&tio);
    tcsetattr(fd_, TCSANOW, &tio);
  }
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

void SerialEndpoint::close() {
  if (fd_ < 0) return;
  ::close(fd_);
  fd_ = -1;
  if (!link_.empty()) {
    std::error_code ec;
    std::filesystem::remove(link_, ec);  // the adapter is gone: so is its path
  }
  drop_pending();
}

std::string SerialEndpoint::host_path() const {
  if (!link_.empty()) return link_;
  return port_.empty() ? slave_path_ : port_;
}

bool SerialEndpoint::host_absent() {
  if (fd_ < 0 || !port_.empty()) return false;
  pollfd p{fd_, 0, 0};
  ::poll(&p, 1, 0);
  return (p.revents & POLLHUP) != 0;
}

void SerialEndpoint::poll(std::vector<std::uint8_t>& in, std::chrono::microseconds timeout) {
  if (fd_ < 0) return;
  pollfd p{fd_, static_cast<short>(POLLIN | (pending_bytes() > 0 ? POLLOUT : 0)), 0};
  // ppoll: microsecond deadlines (poll's milliseconds would round the pacing).
  const auto us = timeout.count() < 0 ? 0 : timeout.count();
  const timespec ts{static_cast<time_t>(us / 1'000'000), static_cast<long>((us % 1'000'000) * 1000)};
  if (::ppoll(&p, 1, &ts, nullptr) <= 0) return;
  if (p.revents & POLLIN) {
    std::uint8_t buffer[4096];
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n > 0) in.insert(in.end(), buffer, buffer + n);
  }
  if (p.revents & POLLOUT) flush_some();
  if ((p.revents & POLLHUP) && !(p.revents & POLLIN)) {
    // No host: do not spin on the hang-up.
    timespec ts{0, 1'000'000};
    nanosleep(&ts, nullptr);
  }
}

void SerialEndpoint::write(std::span<const std::uint8_t> bytes) {
  if (fd_ < 0) return;
  out_.insert(out_.end(), bytes.begin(), bytes.end());
  flush_some();
}

void SerialEndpoint::flush_some() {
  while (out_start_ < out_.size()) {
    const ssize_t n = ::write(fd_, out_.data() + out_start_, out_.size() - out_start_);
    if (n <= 0) break;  // EAGAIN: the host is behind; EIO: no host yet
    out_start_ += static_cast<std::size_t>(n);
  }
  if (out_start_ == out_.size()) {
    out_.clear();
    out_start_ = 0;
  } else if (out_start_ > (1u << 20)) {
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(out_start_));
    out_start_ = 0;
  }
}

void SerialEndpoint::drop_pending() {
  out_.clear();
  out_start_ = 0;
}

}  // namespace isokin::devsim
