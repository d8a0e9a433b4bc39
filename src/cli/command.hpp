// Subcommand registration for the `isokin` program.
//
// Each command_<name>.cpp defines a setup function that adds its CLI11 subcommand
// (options, help text, callback) and registers it with a file-scope
//   static const isokin::cli::CommandRegistration registration{"name", &setup};
// main() adds every registered command in name order. Callbacks throw
// isokin::InputError for bad input (exit 2) and isokin::Error for failures (exit 1);
// main catches them once and prints the message on one line.
#pragma once

#include <exception>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace isokin::cli {

using CommandSetup = void (*)(CLI::App& isokin);

struct RegisteredCommand {
  std::string name;
  CommandSetup setup;
};

std::vector<RegisteredCommand>& registered_commands();

struct CommandRegistration {
  CommandRegistration(const char* name, CommandSetup setup);
};

// Set by SIGINT/SIGTERM (Ctrl-C): long-running commands poll it and stop cleanly.
bool interrupted();
void install_interrupt_handler();

// Messages that reach the terminal: control characters escaped (text from files is
// data, never terminal markup), one line, at most a few hundred characters per path.
std::string one_line(const std::string& message);
// One line for an exception that is not an isokin::Error, without its library text.
std::string foreign_failure(const std::exception& e);

// The program's version, for files and JSON it writes ("isokin 0.1.0").
const char* program_version();

}  // namespace isokin::cli
