// Splitting a device URI: scheme://path?key=value&key=value (no percent-decoding:
// paths and values with '?', '&' or '=' are not supported).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace isokin::device {

struct DeviceUri {
  std::string scheme;   // "serial"
  std::string path;     // "/dev/ttyUSB0"
  std::map<std::string, std::string> query;
};

// Throws InputError naming the URI for a missing "://" or a malformed or repeated key.
DeviceUri parse_device_uri(std::string_view uri);

// Reads query[key] as a number within [min, max]; InputError names the URI and key.
double query_number(const DeviceUri& parsed, std::string_view uri, const std::string& key, double fallback,
                    double min, double max);

// Refuses keys not in `known`, naming the first unknown one and listing the known.
void require_known_keys(const DeviceUri& parsed, std::string_view uri, std::initializer_list<std::string_view> known);

}  // namespace isokin::device
