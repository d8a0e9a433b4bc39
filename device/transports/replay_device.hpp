// replay://FILE.h5?speed=1&trial=ID: a recorded trial played back as a device.
//
// Samples keep their recorded spacing (device time = recorded time), paced against
// absolute deadlines on the steady clock: sample i is due at start + t_i / speed.
// speed=0 hands samples out as fast as they are taken. The first trial of the file
// is played unless trial= names one. HELLO: model "replay", serial = the file name,
// rate = the trial's nominal rate. recorded_trial() gives the trial's side, mode,
// speeds, repetitions and limb weight, so it is recorded again as what it was.
//
// The file is read through a RecordedSessionReader (the store's), and its times are
// checked at open(): a time that is NaN, infinite, negative or not increasing is
// refused naming the file, the trial and the sample.
#pragma once

#include <memory>
#include <string_view>

#include "device/device.hpp"
#include "device/transports/recorded_session_reader.hpp"

namespace isokin::device {

// Throws InputError for a malformed URI or a missing reader.
std::unique_ptr<Device> make_replay_device(std::string_view uri, std::shared_ptr<RecordedSessionReader> reader);

}  // namespace isokin::device
