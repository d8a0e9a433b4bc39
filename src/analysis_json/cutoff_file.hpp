// The cut-off table file (TOML; format described at the top of analysis/cutoffs.toml).
// Errors name the file, the row and the field: "my.toml: cutoff 3 (id "x"): 'value'
// must be a number".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis_json {

// Parses TOML text; `source` names it in error messages. Throws isokin::InputError.
analysis::CutoffTable parse_cutoff_table(std::string_view toml_text, std::string_view source);

// Reads and parses a file. Throws isokin::InputError (missing file, bad TOML, bad row).
analysis::CutoffTable load_cutoff_table(const std::filesystem::path& file);

// analysis/cutoffs.toml as embedded at build time, and its parsed rows.
std::string_view shipped_cutoffs_toml();
analysis::CutoffTable shipped_cutoff_table();

// The table the commands use: the shipped one; with `merge_file` (--cutoffs) its rows
// merged over the shipped ones by id; with `only_file` (--cutoffs-only) that file
// alone. Both given is refused. Throws isokin::InputError.
analysis::CutoffTable cutoff_table_for(const std::string& merge_file, const std::string& only_file);

}  // namespace isokin::analysis_json
