// What travels from the reader thread to the recorder: a device sample and the host
// clock when its bytes arrived, or a mark that the link dropped before it.
#pragma once

#include <cstdint>

#include "device/device.hpp"

namespace isokin::device {

struct AcquiredSample {
  DeviceSample sample;
  double host_time_s = 0;       // host clock (Unix epoch seconds) at receipt
  bool after_link_loss = false; // the link was lost (and regained) just before this sample
};

}  // namespace isokin::device
