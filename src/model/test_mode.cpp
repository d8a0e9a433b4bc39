#include "model/test_mode.hpp"

#include <array>
#include <utility>

namespace isokin {
namespace {

template <typename E, std::size_t N>
std::optional<E> find_by_name(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "?";
}

constexpr std::array<std::pair<Side, std::string_view>, 2> kSides{{{Side::left, "left"}, {Side::right, "right"}}};
constexpr std::array<std::pair<InvolvedSide, std::string_view>, 4> kInvolved{{{InvolvedSide::unknown, "unknown"},
                                                                            {InvolvedSide::none, "none"},
                                                                            {InvolvedSide::left, "left"},
                                                                            {InvolvedSide::right, "right"}}};
constexpr std::array<std::pair<TestMode, std::string_view>, 5> kModes{{{TestMode::con_con, "con-con"},
                                                                       {TestMode::ecc_ecc, "ecc-ecc"},
                                                                       {TestMode::con_ecc, "con-ecc"},
                                                                       {TestMode::isometric, "isometric"},
                                                                       {TestMode::passive, "passive"}}};
constexpr std::array<std::pair<Muscle, std::string_view>, 2> kMuscles{
    {{Muscle::quadriceps, "quadriceps"}, {Muscle::hamstrings, "hamstrings"}}};
constexpr std::array<std::pair<Contraction, std::string_view>, 3> kContractions{
    {{Contraction::concentric, "concentric"}, {Contraction::eccentric, "eccentric"}, {Contraction::isometric, "isometric"}}};

}  // namespace

std::string_view to_string(Side v) { return name_of(kSides, v); }
std::string_view to_string(InvolvedSide v) { return name_of(kInvolved, v); }
std::string_view to_string(TestMode v) { return name_of(kModes, v); }
std::string_view to_string(Muscle v) { return name_of(kMuscles, v); }
std::string_view to_string(Contraction v) { return name_of(kContractions, v); }

std::optional<Side> parse_side(std::string_view t) { return find_by_name(kSides, t); }
std::optional<InvolvedSide> parse_involved_side(std::string_view t) { return find_by_name(kInvolved, t); }
std::optional<Side> involved_limb(InvolvedSide v) {
  if (v == InvolvedSide::left) return Side::left;
  if (v == InvolvedSide::right) return Side::right;
  return std::nullopt;
}
std::optional<TestMode> parse_test_mode(std::string_view t) { return find_by_name(kModes, t); }
std::optional<Muscle> parse_muscle(std::string_view t) { return find_by_name(kMuscles, t); }
std::optional<Contraction> parse_contraction(std::string_view t) { return find_by_name(kContractions, t); }

}  // namespace isokin
