// isokin: isokinetic dynamometry from the command line. Subcommands live in
// command_<name>.cpp; this file only wires them and turns errors into exit codes.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>

#include "cli/command.hpp"
#include "model/error.hpp"

namespace {

std::string command_list(const std::vector<isokin::cli::RegisteredCommand>& commands) {
  std::string list;
  for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c.name;
  return list;
}

// A parse error on one line, naming the command: "isokin report: --out: ...".
int parse_error(const CLI::App& app, const CLI::ParseError& e, const std::string& commands) {
  std::string text = e.what();
  std::replace(text.begin(), text.end(), '\n', ' ');
  const auto parsed = app.get_subcommands();
  if (parsed.empty() && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    std::fprintf(stderr, "isokin: a command is required, one of: %s (isokin --help)\n", commands.c_str());
  } else {
    const std::string where = parsed.empty() ? "isokin" : "isokin " + parsed.front()->get_name();
    std::fprintf(stderr, "%s: %s (%s --help)\n", where.c_str(), text.c_str(), where.c_str());
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"isokin: record, analyse and report isokinetic dynamometer tests", "isokin"};
  app.set_version_flag("--version", isokin::cli::program_version());
  app.require_subcommand(1);
  app.footer(
      "Each command has --help (isokin COMMAND --help); the manual page is isokin(1).\n"
      "Documentation: README.md and docs/ (metrics.md for every number, hdf5-schema.md for the file).\n"
      "Exit codes: 0 done; 1 failed, or a query matched nothing (the message names the file, device\n"
      "or frame); 2 bad argument or input (named with its place); 130 stopped by Ctrl-C (what was\n"
      "recorded is kept, the file whole).");
  auto commands = isokin::cli::registered_commands();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& command : commands) command.setup(app);
  const std::string known = command_list(commands);

  // The first word is the command: an unknown one is named, with the known ones.
  if (argc > 1 && argv[1][0] != '-') {
    const std::string word = argv[1];
    if (std::none_of(commands.begin(), commands.end(), [&](const auto& c) { return c.name == word; })) {
      std::fprintf(stderr, "isokin: '%s' is not a command; the commands are %s (isokin --help)\n", word.c_str(),
                   known.c_str());
      return 2;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" to CLI11 with exit code 0: print and succeed.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    return parse_error(app, e, known);
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
