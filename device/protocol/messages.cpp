#include "device/protocol/messages.hpp"

#include <nlohmann/json.hpp>

namespace isokin::device::protocol {
namespace {

using nlohmann::json;

std::optional<json> parse_object(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

bool read_string(const json& j, const char* key, std::string& out, bool required) {
  const auto it = j.find(key);
  if (it == j.end()) return !required;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_number(const json& j, const char* key, std::optional<double>& out) {
  const auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_number()) return false;
  out = it->get<double>();
  return true;
}

}  // namespace

std::string_view to_string(DeviceStatus::State state) {
  switch (state) {
    case DeviceStatus::State::idle: return "idle";
    case DeviceStatus::State::running: return "running";
    case DeviceStatus::State::error: return "error";
  }
  return "error";
}

std::string hello_to_json(const DeviceHello& hello) {
  json j{{"model", hello.model}, {"serial", hello.serial}, {"firmware", hello.firmware}, {"rate_hz", hello.rate_hz}};
  if (hello.max_velocity_deg_s) j["max_velocity_deg_s"] = *hello.max_velocity_deg_s;
  if (!hello.joints.empty()) j["joints"] = hello.joints;
  if (auto calibration = parse_object(hello.calibration)) j["calibration"] = std::move(*calibration);
  return j.dump();
}

std::optional<DeviceHello> parse_hello(std::string_view text) {
  auto j = parse_object(text);
  if (!j) return std::nullopt;
  DeviceHello hello;
  if (!read_string(*j, "model", hello.model, true) || !read_string(*j, "serial", hello.serial, true) ||
      !read_string(*j, "firmware", hello.firmware, true)) {
    return std::nullopt;
  }
  std::optional<double> rate;
  if (!read_number(*j, "rate_hz", rate) || !rate || !(*rate > 0)) return std::nullopt;
  hello.rate_hz = *rate;
  if (!read_number(*j, "max_velocity_deg_s", hello.max_velocity_deg_s)) return std::nullopt;
  if (const auto it = j->find("joints"); it != j->end()) {
    if (!it->is_array()) return std::nullopt;
    for (const auto& joint : *it) {
      if (!joint.is_string()) return std::nullopt;
      hello.joints.push_back(joint.get<std::string>());
    }
  }
  if (const auto it = j->find("calibration"); it != j->end()) {
    if (!it->is_object()) return std::nullopt;
    hello.calibration = it->dump();
  }
  return hello;
}

std::string status_to_json(const DeviceStatus& status) {
  json j{{"state", to_string(status.state)}};
  if (!status.message.empty()) j["message"] = status.message;
  if (status.acked_seq) j["acked_seq"] = *status.acked_seq;
  return j.dump();
}

std::optional<DeviceStatus> parse_status(std::string_view text) {
  auto j = parse_object(text);
  if (!j) return std::nullopt;
  DeviceStatus status;
  std::string state;
  if (!read_string(*j, "state", state, true)) return std::nullopt;
  if (state == "idle") {
    status.state = DeviceStatus::State::idle;
  } else if (state == "running") {
    status.state = DeviceStatus::State::running;
  } else if (state == "error") {
    status.state = DeviceStatus::State::error;
  } else {
    return std::nullopt;
  }
  if (!read_string(*j, "message", status.message, false)) return std::nullopt;
  if (const auto it = j->find("acked_seq"); it != j->end()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 0xFFFF) return std::nullopt;
    status.acked_seq = static_cast<std::uint16_t>(it->get<std::uint64_t>());
  }
  return status;
}

std::string start_to_json(const StartRequest& request) {
  json j{{"mode", isokin::to_string(request.mode)}};
  if (request.velocity_ext_deg_s == request.velocity_flex_deg_s) {
    j["velocity_deg_s"] = request.velocity_ext_deg_s;
  } else {
    j["velocity_ext_deg_s"] = request.velocity_ext_deg_s;
    j["velocity_flex_deg_s"] = request.velocity_flex_deg_s;
  }
  if (request.rom_min_deg && request.rom_max_deg) j["rom_deg"] = {*request.rom_min_deg, *request.rom_max_deg};
  if (request.reps > 0) j["reps"] = request.reps;
  return j.dump();
}

std::optional<StartRequest> parse_start(std::string_view text) {
  auto j = parse_object(text);
  if (!j) return std::nullopt;
  StartRequest request;
  std::string mode;
  if (!read_string(*j, "mode", mode, true)) return std::nullopt;
  const auto parsed_mode = parse_test_mode(mode);
  if (!parsed_mode) return std::nullopt;
  request.mode = *parsed_mode;
  std::optional<double> both, ext, flex;
  if (!read_number(*j, "velocity_deg_s", both) || !read_number(*j, "velocity_ext_deg_s", ext) ||
      !read_number(*j, "velocity_flex_deg_s", flex)) {
    return std::nullopt;
  }
  if (both) {
    request.velocity_ext_deg_s = request.velocity_flex_deg_s = *both;
  } else if (ext && flex) {
    request.velocity_ext_deg_s = *ext;
    request.velocity_flex_deg_s = *flex;
  } else if (request.mode != TestMode::isometric) {
    return std::nullopt;
  } else {
    request.velocity_ext_deg_s = request.velocity_flex_deg_s = 0;
  }
  if (const auto it = j->find("rom_deg"); it != j->end()) {
    if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number() || !(*it)[1].is_number()) return std::nullopt;
    request.rom_min_deg = (*it)[0].get<double>();
    request.rom_max_deg = (*it)[1].get<double>();
  }
  if (const auto it = j->find("reps"); it != j->end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 100000) return std::nullopt;
    request.reps = static_cast<int>(it->get<std::int64_t>());
  }
  return request;
}

}  // namespace isokin::device::protocol
