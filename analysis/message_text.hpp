// printf-style formatting of message texts, and adding them to a trial's result. The analysis library depends on the data
// model only (no fmt), and its messages are short sentences with a number or two.
#pragma once

#include <string>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

[[gnu::format(printf, 1, 2)]] std::string message_text(const char* format, ...);

// Adds a message of the trial being analysed (its id filled in).
void add_message(TrialAnalysis& trial, Severity severity, const char* code, std::string text);

}  // namespace isokin::analysis
