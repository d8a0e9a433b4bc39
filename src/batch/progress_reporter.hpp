// How a long batch tells the person it is alive: on a terminal, one line redrawn in
// place ("[#####.....] 120/200 files  3 failed  eta 4 s"); otherwise (a log file, a
// cluster job's output) one plain line per finished file, which grep and tail read.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace isokin::batch {

// "FILE: error", or the error alone when it already starts with the file's name.
std::string describe_failure(const std::string& file, const std::string& error);

class ProgressReporter {
 public:
  // `terminal`: draw the bar (true when `out` is a TTY; see is_terminal()).
  ProgressReporter(std::FILE* out, std::size_t total, bool terminal);

  // Thread-safe: called by the workers as each file ends. `error` empty = success.
  void file_done(const std::string& file, const std::string& error);
  // Ends the bar's line (terminal) and prints the summary line.
  void finish();

  static bool is_terminal(std::FILE* stream);

 private:
  void draw_bar();

  std::FILE* out_;
  std::size_t total_;
  bool terminal_;
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace isokin::batch
