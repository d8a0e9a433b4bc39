#include "analysis/message_text.hpp"

#include <cstdarg>
#include <cstdio>
#include <utility>

namespace isokin::analysis {

std::string message_text(const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

void add_message(TrialAnalysis& trial, Severity severity, const char* code, std::string text) {
  trial.messages.push_back({severity, code, trial.id, std::move(text)});
}

}  // namespace isokin::analysis
