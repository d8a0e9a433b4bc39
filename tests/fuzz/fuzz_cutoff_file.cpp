// libFuzzer target for cut-off table files (--cutoffs, --cutoffs-only; the format is
// described at the top of analysis/cutoffs.toml): any bytes, parsed as TOML rows, then
// merged over themselves as `--cutoffs` merges over the shipped table. A refusal is one
// isokin::InputError; a crash, a hang, a leak or any other exception is a bug. What is
// accepted must be inside the plausible range of its kind (an H:Q of 47 is refused).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/session_analysis.hpp"
#include "analysis_json/cutoff_file.hpp"
#include "model/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace isokin;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto table = analysis_json::parse_cutoff_table(text, "fuzz.toml");
    if (table.rows.empty()) __builtin_trap();
    for (const auto& row : table.rows) {
      const auto [low, high] = analysis::plausible_cutoff_range(row.kind);
      if (!(row.value >= low && row.value <= high) || row.id.empty()) __builtin_trap();
    }
    // Merging a table over itself replaces every row by id: the same number of rows.
    if (analysis::merge_cutoff_tables(table, table).rows.size() != table.rows.size()) __builtin_trap();
  } catch (const InputError&) {
  }
  return 0;
}
