// Candidate devices for the live view's list: the simulator and the serial ports
// `isokin devices` looks at (/dev/serial/by-id, ttyUSB*, ttyACM*), as URIs.
#pragma once

#include <string>
#include <vector>

namespace isokin::gui {

std::vector<std::string> candidate_device_uris();

}  // namespace isokin::gui
