#include "import/column_header.hpp"

#include "import/csv_dialect.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <string>

namespace isokin::import {
namespace {

// Header cells may keep quotes when the dialect split left them (single quotes).
constexpr std::string_view kCellPadding = " \t\r\"'";

// A unit's text with spelling variants folded: lower case, no spaces, "°" -> "deg",
// the multiplication dots and dashes of "N·m", "ft-lb" dropped, "_" in "deg_s" -> "/".
std::string fold_unit(std::string_view text) {
  std::string s = lower(trim(text, kCellPadding));
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (s.compare(i, 2, "\xC2\xB0") == 0) {  // °
      out += "deg";
      ++i;
    } else if (s.compare(i, 2, "\xC2\xB7") == 0 || s.compare(i, 3, "\xE2\x8B\x85") == 0) {  // · or ⋅
      i += s.compare(i, 2, "\xC2\xB7") == 0 ? 1 : 2;
    } else if (c == ' ' || c == '-' || c == '*' || c == '.') {
      continue;
    } else if (c == '_') {
      out += '/';
    } else {
      out += c;
    }
  }
  return out;
}

struct UnitName {
  std::string_view folded;
  int value;  // the enum value for the channel's unit type
};

// Folded spellings (see fold_unit) of every unit isokin converts.
constexpr std::array<UnitName, 5> kTimeUnits{{{"s", 0}, {"sec", 0}, {"seconds", 0}, {"ms", 1}, {"msec", 1}}};
constexpr std::array<UnitName, 10> kTorqueUnits{{{"nm", 0},
                                                 {"newtonmetre", 0},
                                                 {"newtonmeter", 0},
                                                 {"ftlb", 1},
                                                 {"ftlbs", 1},
                                                 {"ftlbf", 1},
                                                 {"lbft", 1},
                                                 {"lbfft", 1},
                                                 {"ft/lb", 1},
                                                 {"ft/lbs", 1}}};
constexpr std::array<UnitName, 5> kAngleUnits{{{"deg", 0}, {"degree", 0}, {"degrees", 0}, {"rad", 1}, {"radians", 1}}};
constexpr std::array<UnitName, 7> kVelocityUnits{
    {{"deg/s", 0}, {"deg/sec", 0}, {"degrees/s", 0}, {"dps", 0}, {"rad/s", 1}, {"rad/sec", 1}, {"radians/s", 1}}};

template <std::size_t N>
std::optional<int> find_unit(const std::array<UnitName, N>& names, const std::string& folded) {
  for (const auto& n : names)
    if (n.folded == folded) return n.value;
  return std::nullopt;
}

struct ChannelName {
  std::string_view name;  // lower case, words separated by one space
  Channel channel;
};

// Names vendors and scripts give the four channels ("_" and "-" read as spaces).
constexpr std::array<ChannelName, 17> kChannelNames{{{"time", Channel::time},
                                                     {"t", Channel::time},
                                                     {"timestamp", Channel::time},
                                                     {"time stamp", Channel::time},
                                                     {"elapsed time", Channel::time},
                                                     {"torque", Channel::torque},
                                                     {"moment", Channel::torque},
                                                     {"joint torque", Channel::torque},
                                                     {"angle", Channel::angle},
                                                     {"position", Channel::angle},
                                                     {"pos", Channel::angle},
                                                     {"knee angle", Channel::angle},
                                                     {"joint angle", Channel::angle},
                                                     {"velocity", Channel::velocity},
                                                     {"speed", Channel::velocity},
                                                     {"angular velocity", Channel::velocity},
                                                     {"vel", Channel::velocity}}};

// "Angular_Velocity" -> "angular velocity"
std::string fold_name(std::string_view text) {
  std::string out;
  for (char c : lower(trim(text, kCellPadding))) {
    if (c == '_' || c == '-' || c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

bool set_unit(Units& units, Channel channel, std::string_view unit_text) {
  const std::string folded = fold_unit(unit_text);
  switch (channel) {
    case Channel::time:
      if (const auto u = find_unit(kTimeUnits, folded)) return units.time = static_cast<TimeUnit>(*u), true;
      return false;
    case Channel::torque:
      if (const auto u = find_unit(kTorqueUnits, folded)) return units.torque = static_cast<TorqueUnit>(*u), true;
      return false;
    case Channel::angle:
      if (const auto u = find_unit(kAngleUnits, folded)) return units.angle = static_cast<AngleUnit>(*u), true;
      return false;
    case Channel::velocity:
      if (const auto u = find_unit(kVelocityUnits, folded)) return units.velocity = static_cast<VelocityUnit>(*u), true;
      return false;
  }
  return false;
}

std::string_view known_units(Channel channel) {
  switch (channel) {
    case Channel::time: return "s or ms";
    case Channel::torque: return "N·m or ft-lb";
    case Channel::angle: return "deg or rad";
    case Channel::velocity: return "deg/s or rad/s";
  }
  return "";
}

std::optional<HeaderColumn> recognize_column_header(std::string_view cell) {
  const std::string_view text = trim(cell, kCellPadding);
  // "Torque (Nm)" / "Torque [N·m]": the unit in brackets.
  std::string_view name_part = text;
  std::optional<std::string_view> bracket_unit;
  if (const auto open = text.find_first_of("(["); open != std::string_view::npos) {
    const char close_char = text[open] == '(' ? ')' : ']';
    const auto close = text.find(close_char, open);
    if (close == std::string_view::npos || !trim(text.substr(close + 1)).empty()) return std::nullopt;
    name_part = text.substr(0, open);
    bracket_unit = trim(text.substr(open + 1, close - open - 1), " \t");
  }
  const std::string name = fold_name(name_part);
  for (const auto& candidate : kChannelNames) {
    std::optional<std::string> unit;
    if (name == candidate.name) {
      if (bracket_unit) {
        Units probe;
        if (!set_unit(probe, candidate.channel, *bracket_unit))
          throw InputError(fmt::format("column '{}': the unit '{}' is not one isokin converts for {} ({}); "
                                       "give the right one with --units {}=UNIT",
                                       text, *bracket_unit, channel_name(candidate.channel),
                                       known_units(candidate.channel), channel_name(candidate.channel)));
        unit = std::string(*bracket_unit);
      }
    } else if (!bracket_unit && name.size() > candidate.name.size() + 1 && name.starts_with(candidate.name) &&
               name[candidate.name.size()] == ' ') {
      // "torque_nm", "time ms", "velocity_deg_s": the unit after the name.
      std::string rest = name.substr(candidate.name.size() + 1);
      for (char& c : rest)
        if (c == ' ') c = '_';
      Units probe;
      if (!set_unit(probe, candidate.channel, rest)) continue;  // "angle_left" is not a unit: not this channel
      unit = rest;
    } else {
      continue;
    }
    return HeaderColumn{candidate.channel, unit};
  }
  return std::nullopt;
}

}  // namespace isokin::import
