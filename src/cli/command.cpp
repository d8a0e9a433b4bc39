#include "cli/command.hpp"

#include <atomic>
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <new>
#include <stdexcept>
#include <system_error>

#include "model/text_policy.hpp"

namespace isokin::cli {
namespace {
std::atomic<bool> g_interrupted{false};
// The first Ctrl-C (or SIGTERM) asks the command to stop cleanly; a second one ends the
// process at once, whatever it waits for.
extern "C" void on_signal(int) {
  if (g_interrupted.exchange(true)) _exit(130);
}
}  // namespace

std::vector<RegisteredCommand>& registered_commands() {
  static std::vector<RegisteredCommand> commands;  // function-local: safe from static-init order
  return commands;
}

CommandRegistration::CommandRegistration(const char* name, CommandSetup setup) {
  registered_commands().push_back({name, setup});
}

bool interrupted() { return g_interrupted.load(std::memory_order_relaxed); }

void install_interrupt_handler() {
  // No SA_RESTART: a read or wait in progress returns EINTR, so the command sees the flag.
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::string one_line(const std::string& message) {
  std::string text = printable(message);
  constexpr std::size_t kMax = 2000;
  if (text.size() > kMax) text = text.substr(0, kMax) + "... (message cut)";
  return text;
}

std::string foreign_failure(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr || dynamic_cast<const std::length_error*>(&e) != nullptr)
    return "out of memory: the input is larger than it can be, or damaged";
  if (const auto* fs = dynamic_cast<const std::filesystem::filesystem_error*>(&e)) {
    std::string path = fs->path1().string();
    if (path.size() > 200) path = path.substr(0, 200) + "...";
    return one_line(fmt::format("{}: {}", path, fs->code().message()));
  }
  if (dynamic_cast<const std::system_error*>(&e) != nullptr)
    return one_line(fmt::format("system error: {}", dynamic_cast<const std::system_error&>(e).code().message()));
  return "internal error: unexpected input the program did not check (please report it with the file)";
}

const char* program_version() { return "isokin " ISOKIN_VERSION; }

}  // namespace isokin::cli
