// The movements a dynamometer itself counted as repetitions (Con-Trex markers, HUMAC
// end points, IsoMed phases, Biodex rep numbers), as sample ranges of a trial.
//
// An imported recording keeps everything the device recorded (lead-in, positioning
// movements); the analysis measures only the movements inside these ranges and says
// how many others it left out. An empty list means "every movement counts" (isokin's
// own recordings, files without marks).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace isokin {

struct CountedMovement {
  std::size_t begin = 0;  // first sample
  std::size_t end = 0;    // one past the last
  bool contains(std::size_t sample) const { return sample >= begin && sample < end; }
};

// "120:340,400:620" (the session file's attribute text).
std::string format_counted_movements(const std::vector<CountedMovement>& movements);

// The inverse; nullopt for text that is not that form, ranges that are empty, out of
// order or beyond `sample_count` (a session file is untrusted).
std::optional<std::vector<CountedMovement>> parse_counted_movements(std::string_view text, std::size_t sample_count);

}  // namespace isokin
