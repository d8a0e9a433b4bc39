// What a host-side decoder (frame or line mode) hands on: the events of a device stream.
#pragma once

#include <span>

#include "device/device.hpp"
#include "device/protocol/frame.hpp"

namespace isokin::device::protocol {

class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual void on_hello(const DeviceHello& /*hello*/) {}
  virtual void on_status(const DeviceStatus& /*status*/) {}
  // Samples in device order; the span is valid during the call only.
  virtual void on_samples(std::span<const DeviceSample> /*samples*/) {}
  // Device time jumped by more than 1.5 periods between two SAMPLES frames.
  virtual void on_gap(const SampleGap& /*gap*/) {}
};

}  // namespace isokin::device::protocol
