// The JSON bodies of HELLO, STATUS and START (docs/protocol.md, section 2).
//
// Parsers return nullopt for a body that does not match its type (the frame is
// then counted corrupt); they never throw on what came off the wire.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "device/device.hpp"
#include "device/protocol/frame.hpp"

namespace isokin::device::protocol {

std::string hello_to_json(const DeviceHello& hello);
std::optional<DeviceHello> parse_hello(std::string_view json);

std::string status_to_json(const DeviceStatus& status);
std::optional<DeviceStatus> parse_status(std::string_view json);

std::string start_to_json(const StartRequest& request);
// Fills mode, velocities, rom and reps; `side` is not on the wire and stays left.
std::optional<StartRequest> parse_start(std::string_view json);

std::string_view to_string(DeviceStatus::State state);

}  // namespace isokin::device::protocol
