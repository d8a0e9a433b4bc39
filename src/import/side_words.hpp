// "right", "oikea", "rechts", "droite", "R" -> Side: the words for a side in the
// languages dynamometer software labels its files in.
#pragma once

#include <optional>
#include <string_view>

#include "model/test_mode.hpp"

namespace isokin::import {

std::optional<Side> side_from_word(std::string_view word);

}  // namespace isokin::import
