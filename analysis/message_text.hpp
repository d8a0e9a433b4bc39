// printf-style formatting of message texts. The analysis library depends on the data
// model only (no fmt), and its messages are short sentences with a number or two.
#pragma once

#include <string>

namespace isokin::analysis {

[[gnu::format(printf, 1, 2)]] std::string message_text(const char* format, ...);

}  // namespace isokin::analysis
