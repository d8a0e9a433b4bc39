#include "device/protocol/line_decoder.hpp"

#include <charconv>
#include <cmath>

namespace isokin::device::protocol {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  text = trim(text);
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_float(std::string_view text, float& out) {
  double value = 0;
  if (!parse_number(text, value) || !std::isfinite(value) || std::fabs(value) > 3.0e38) return false;
  out = static_cast<float>(value);
  return true;
}

}  // namespace

void LineDecoder::resync() {
  line_size_ = 0;
  overlong_ = false;
  discard_partial_ = true;
  last_t_us_.reset();
}

LinkCounts LineDecoder::counts() const {
  LinkCounts c;
  c.samples = samples_;
  c.corrupt_frames = corrupt_;
  c.lost_samples = lost_samples_;
  return c;
}

void LineDecoder::feed(std::span<const std::uint8_t> bytes, StreamSink& sink) {
  for (std::uint8_t b : bytes) {
    if (b == '\n') {
      end_of_line(sink);
      continue;
    }
    if (line_size_ < line_.size()) {
      line_[line_size_++] = static_cast<char>(b);
    } else {
      overlong_ = true;
    }
  }
}

void LineDecoder::end_of_line(StreamSink& sink) {
  const std::string_view text = trim(std::string_view(line_.data(), line_size_));
  const bool overlong = overlong_;
  const bool partial = discard_partial_;
  line_size_ = 0;
  overlong_ = false;
  discard_partial_ = false;
  if (partial) return;
  if (overlong) {
    ++corrupt_;
    return;
  }
  if (text.empty()) return;
  if (text.front() == '#') {
    if (!seen_sample_) on_comment(text.substr(1));
    return;
  }
  const auto sample = parse_sample(text);
  if (!sample) {
    ++corrupt_;
    return;
  }
  if (!seen_sample_) {
    seen_sample_ = true;
    sink.on_hello(hello_);
  }
  if (last_t_us_ && hello_.rate_hz > 0 && sample->t_us > *last_t_us_) {
    const double period_us = 1e6 / hello_.rate_hz;
    const double gap = static_cast<double>(sample->t_us - *last_t_us_);
    if (gap > 1.5 * period_us) {
      const auto lost = static_cast<std::uint64_t>(std::llround(gap / period_us - 1.0));
      lost_samples_ += lost;
      sink.on_gap(SampleGap{*last_t_us_, sample->t_us, lost});
    }
  }
  last_t_us_ = sample->t_us;
  ++samples_;
  sink.on_samples(std::span(&*sample, 1));
}

void LineDecoder::on_comment(std::string_view text) {
  text = trim(text);
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) return;
  const auto key = trim(text.substr(0, eq));
  const auto value = trim(text.substr(eq + 1));
  if (key == "model") {
    hello_.model = value;
  } else if (key == "serial") {
    hello_.serial = value;
  } else if (key == "firmware") {
    hello_.firmware = value;
  } else if (key == "rate_hz") {
    double rate = 0;
    if (parse_number(value, rate) && std::isfinite(rate) && rate > 0) hello_.rate_hz = rate;
  }
}

std::optional<DeviceSample> LineDecoder::parse_sample(std::string_view text) const {
  std::array<std::string_view, 4> fields;
  std::size_t n = 0;
  while (true) {
    const auto comma = text.find(',');
    if (n == fields.size()) return std::nullopt;
    fields[n++] = text.substr(0, comma);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (n != fields.size()) return std::nullopt;
  DeviceSample s;
  if (!parse_number(fields[0], s.t_us) || !parse_float(fields[1], s.torque_nm) ||
      !parse_float(fields[2], s.angle_deg) || !parse_float(fields[3], s.velocity_deg_s)) {
    return std::nullopt;
  }
  if (last_t_us_ && s.t_us < *last_t_us_) return std::nullopt;  // the device clock never goes back
  return s;
}

}  // namespace isokin::device::protocol
