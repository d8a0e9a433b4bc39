// Recognising a vendor's column header: "Time (ms)", "Torque [ft-lb]", "Position",
// "angular velocity (rad/s)", "torque_nm" -> the channel it holds and the unit it
// states. Exports from other dynamometers and from users' own scripts name their
// columns in many ways; a lab should not have to spell out --columns for the common
// ones. A header that says its unit is converted by that unit unless --units says
// otherwise (the user's word wins: vendors do mislabel).
#pragma once

#include <optional>
#include <string_view>

#include "import/csv_import.hpp"

namespace isokin::import {

struct HeaderColumn {
  Channel channel;
  // The unit the header states, as written (set_unit reads it); nullopt when the
  // header states none.
  std::optional<std::string> unit;
};

// What a header cell names, if it is one of the recognised channel names (with or
// without a unit). Throws InputError when the name is recognised but its unit is not
// one isokin converts (so "Torque (kgm)" is refused, not read as N·m).
std::optional<HeaderColumn> recognize_column_header(std::string_view cell);

// Sets `units`' unit for `channel` from a unit's text ("ms", "ft-lb", "°", "rad/s",
// "deg_s", ...). False when the text is not a unit isokin knows for that channel.
bool set_unit(Units& units, Channel channel, std::string_view unit_text);

// The units isokin knows, per channel, for messages.
std::string_view known_units(Channel channel);

}  // namespace isokin::import
