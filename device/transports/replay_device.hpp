// replay://FILE.h5?speed=1&trial=ID: a recorded trial played back as a device.
//
// Samples keep their recorded spacing (device time = recorded time), paced against
// absolute deadlines on the steady clock: sample i is due at start + t_i / speed.
// speed=0 hands samples out as fast as they are taken. The first trial of the file
// is played unless trial= names one. HELLO: model "replay", serial = the file name,
// rate = the trial's nominal rate.
#pragma once

#include <memory>
#include <string_view>

#include "device/device.hpp"

namespace isokin::device {

std::unique_ptr<Device> make_replay_device(std::string_view uri);

}  // namespace isokin::device
