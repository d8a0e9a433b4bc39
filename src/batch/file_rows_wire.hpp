// How a worker process sends one file's rows back to `isokin batch`: the date and the
// three tables as length-prefixed strings. The process gathering the rows only copies
// bytes into strings; it used to decode them from MessagePack through nlohmann::json
// (a third of its work, all of it after the last worker ended on a small cohort).
//
//   text:   u32 length (little-endian), then the bytes
//   table:  u32 columns, each a text; u32 rows, each: u32 cells, each a text
//   file:   date (a text), then the efforts, ratios and bilateral tables
#pragma once

#include <string>
#include <string_view>

#include "batch/cohort_table.hpp"

namespace isokin::batch {

std::string encode_file_rows(const FileAnalysis& analysis);

// Throws Error when the bytes end early, or go on after the last table (not what
// encode_file_rows wrote: a worker that died while writing).
FileAnalysis decode_file_rows(std::string_view bytes);

}  // namespace isokin::batch
