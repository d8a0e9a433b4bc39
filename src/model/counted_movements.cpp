#include "model/counted_movements.hpp"

#include <charconv>

namespace isokin {

std::string format_counted_movements(const std::vector<CountedMovement>& movements) {
  std::string out;
  for (const auto& m : movements) {
    if (!out.empty()) out += ',';
    out += std::to_string(m.begin) + ':' + std::to_string(m.end);
  }
  return out;
}

std::optional<std::vector<CountedMovement>> parse_counted_movements(std::string_view text, std::size_t sample_count) {
  std::vector<CountedMovement> out;
  if (text.empty()) return out;
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  std::size_t previous_end = 0;
  while (p < end) {
    CountedMovement m;
    auto r = std::from_chars(p, end, m.begin);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != ':') return std::nullopt;
    r = std::from_chars(r.ptr + 1, end, m.end);
    if (r.ec != std::errc()) return std::nullopt;
    if (m.end <= m.begin || m.begin < previous_end || m.end > sample_count) return std::nullopt;
    previous_end = m.end;
    out.push_back(m);
    p = r.ptr;
    if (p < end) {
      if (*p != ',') return std::nullopt;
      ++p;
      if (p == end) return std::nullopt;
    }
  }
  return out;
}

}  // namespace isokin
