// A text file's lines, numbered from 1 as an editor shows them; LF, CRLF and CR all end a line.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace isokin::import {

struct Line {
  std::size_t number = 0;  // 1-based
  std::string_view text;
};

// The lines of `text` (views into it). A leading UTF-8 byte order mark is skipped.
std::vector<Line> split_lines(std::string_view text);

}  // namespace isokin::import
