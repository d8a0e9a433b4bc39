#include "device/transports/device_uri.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "model/error.hpp"

namespace isokin::device {

DeviceUri parse_device_uri(std::string_view uri) {
  const auto sep = uri.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    throw InputError(fmt::format("device URI '{}': expected scheme://... (sim://, serial://, usb://, replay://)", uri));
  }
  DeviceUri parsed;
  parsed.scheme = std::string(uri.substr(0, sep));
  std::string_view rest = uri.substr(sep + 3);
  const auto q = rest.find('?');
  parsed.path = std::string(rest.substr(0, q));
  if (q == std::string_view::npos) return parsed;
  std::string_view query = rest.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw InputError(fmt::format("device URI '{}': '{}' is not key=value", uri, item));
    }
    const std::string key(item.substr(0, eq));
    if (!parsed.query.emplace(key, std::string(item.substr(eq + 1))).second) {
      throw InputError(fmt::format("device URI '{}': key '{}' given twice", uri, key));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return parsed;
}

double query_number(const DeviceUri& parsed, std::string_view uri, const std::string& key, double fallback,
                    double min, double max) {
  const auto it = parsed.query.find(key);
  if (it == parsed.query.end()) return fallback;
  double value = 0;
  const auto& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value < min || value > max) {
    throw InputError(fmt::format("device URI '{}': {} must be a number between {} and {} (got '{}')", uri, key, min,
                                 max, text));
  }
  return value;
}

void require_known_keys(const DeviceUri& parsed, std::string_view uri, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : parsed.query) {
    bool found = false;
    for (auto k : known) found = found || k == key;
    if (!found) {
      throw InputError(fmt::format("device URI '{}': unknown key '{}' (known: {})", uri, key, fmt::join(known, ", ")));
    }
  }
}

}  // namespace isokin::device
