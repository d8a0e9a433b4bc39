#include "cli/command.hpp"

#include <atomic>
#include <csignal>

namespace isokin::cli {
namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted.store(true); }
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
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

const char* program_version() { return "isokin " ISOKIN_VERSION; }

}  // namespace isokin::cli
