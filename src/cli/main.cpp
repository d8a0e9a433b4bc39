// isokin: isokinetic dynamometry from the command line. Subcommands live in
// command_<name>.cpp; this file only wires them and turns errors into exit codes.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>

#include "cli/command.hpp"
#include "model/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"isokin: record, analyse and report isokinetic dynamometer tests", "isokin"};
  app.set_version_flag("--version", isokin::cli::program_version());
  app.require_subcommand(1);
  app.footer(
      "Each command has --help (isokin COMMAND --help); the manual page is isokin(1).\n"
      "Documentation: README.md and docs/ (metrics.md for every number, hdf5-schema.md for the file).\n"
      "Exit codes: 0 done; 1 failed (the message names the file, device or frame); 2 bad argument or\n"
      "input (named with its place); 130 stopped by Ctrl-C (what was recorded is kept, the file whole).");
  auto commands = isokin::cli::registered_commands();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& command : commands) command.setup(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const isokin::InputError& e) {
    std::fprintf(stderr, "isokin: %s\n", isokin::cli::one_line(e.what()).c_str());
    return 2;
  } catch (const isokin::Error& e) {
    std::fprintf(stderr, "isokin: %s\n", isokin::cli::one_line(e.what()).c_str());
    return 1;
  } catch (const std::exception& e) {
    // Not one of ours: never print a library's own text (std::bad_alloc, a JSON
    // type_error, a filesystem error with a 5000-character path).
    std::fprintf(stderr, "isokin: %s\n", isokin::cli::foreign_failure(e).c_str());
    return 1;
  }
  return isokin::cli::interrupted() ? 130 : 0;
}
