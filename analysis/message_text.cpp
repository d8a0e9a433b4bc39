#include "analysis/message_text.hpp"

#include <cstdarg>
#include <cstdio>

namespace isokin::analysis {

std::string message_text(const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

}  // namespace isokin::analysis
