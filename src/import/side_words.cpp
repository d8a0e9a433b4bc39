#include "import/side_words.hpp"

#include <array>

#include "import/csv_dialect.hpp"

namespace isokin::import {

std::optional<Side> side_from_word(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kRight{"right", "r", "oikea", "rechts", "droite", "d", "dx"};
  static constexpr std::array<std::string_view, 7> kLeft{"left", "l", "vasen", "links", "gauche", "g", "sx"};
  const std::string w = lower(trim(word, " \t\"'.:"));
  for (const auto r : kRight)
    if (w == r) return Side::right;
  for (const auto l : kLeft)
    if (w == l) return Side::left;
  return std::nullopt;
}

}  // namespace isokin::import
