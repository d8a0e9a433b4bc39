// `isokin recover FILE.h5`: a session file left by a killed recorder (power loss,
// SIGKILL) becomes an ordinary, compact file that any HDF5 reader opens, keeping every
// sample flushed before the kill (docs/hdf5-schema.md, "Killed recordings").
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string>

#include "cli/command.hpp"
#include "store/session_store.hpp"

namespace isokin::cli {
namespace {

void run_recover(const std::string& file) {
  const store::RecoveryReport report = store::recover_session(file);
  fmt::print("{}: {} ({} trial{}, {} samples kept)\n", file,
             report.was_open_for_write ? "recovered from an interrupted recording" : "was not open for write; rewritten compactly",
             report.trials, report.trials == 1 ? "" : "s", report.samples);
}

void setup(CLI::App& isokin) {
  auto file = std::make_shared<std::string>();
  auto* cmd = isokin.add_subcommand("recover", "Make a session file left by a killed recording readable by any HDF5 reader");
  cmd->add_option("FILE", *file, "Session file (HDF5); do not run while a recorder writes it")->required();
  cmd->callback([file] { run_recover(*file); });
}

const CommandRegistration registration{"recover", &setup};

}  // namespace
}  // namespace isokin::cli
