#include "batch/progress_reporter.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <string>

namespace isokin::batch {

std::string describe_failure(const std::string& file, const std::string& error) {
  // Store errors already start with the file's name; do not say it twice.
  return error.rfind(file, 0) == 0 ? error : file + ": " + error;
}

ProgressReporter::ProgressReporter(std::FILE* out, std::size_t total, bool terminal)
    : out_(out), total_(total), terminal_(terminal), start_(std::chrono::steady_clock::now()), last_draw_(start_) {
  if (terminal_) draw_bar();
}

bool ProgressReporter::is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

void ProgressReporter::file_done(const std::string& file, const std::string& error) {
  std::lock_guard lock(mutex_);
  ++done_;
  if (!error.empty()) ++failed_;
  if (!terminal_) {
    if (error.empty()) {
      fmt::print(out_, "[{}/{}] ok {}\n", done_, total_, file);
    } else {
      fmt::print(out_, "[{}/{}] FAILED {}\n", done_, total_, describe_failure(file, error));
    }
    std::fflush(out_);
    return;
  }
  if (!error.empty()) {
    // Errors are not redrawn over: clear the bar, print the error on its own line.
    fmt::print(out_, "\r\033[KFAILED {}\n", describe_failure(file, error));
  }
  const auto now = std::chrono::steady_clock::now();
  // Redraw at most 20 times a second: a terminal is slower than the workers.
  if (!error.empty() || done_ == total_ || now - last_draw_ > std::chrono::milliseconds(50)) {
    last_draw_ = now;
    draw_bar();
  }
}

void ProgressReporter::draw_bar() {
  constexpr int width = 30;
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * width);
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string eta = "";
  if (done_ > 0 && done_ < total_) {
    eta = fmt::format("  eta {:.0f} s", elapsed_s / static_cast<double>(done_) * static_cast<double>(total_ - done_));
  }
  std::string failed = failed_ > 0 ? fmt::format("  {} failed", failed_) : "";
  fmt::print(out_, "\r\033[K[{}{}] {}/{} files{}{}", std::string(filled, '#'), std::string(width - filled, '.'), done_,
             total_, failed, eta);
  std::fflush(out_);
}

void ProgressReporter::finish() {
  std::lock_guard lock(mutex_);
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (terminal_) fmt::print(out_, "\n");
  fmt::print(out_, "{} files analysed in {:.1f} s, {} failed\n", done_ - failed_, elapsed_s, failed_);
  std::fflush(out_);
}

}  // namespace isokin::batch
