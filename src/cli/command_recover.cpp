// `isokin recover FILE.h5`: a session file left by a killed recorder (power loss,
// SIGKILL) becomes an ordinary, compact file that any HDF5 reader opens, keeping every
// sample flushed before the kill (docs/hdf5-schema.md, "Killed recordings").
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.hpp"
#include "store/session_store.hpp"
#include "store/writer_lock.hpp"

namespace isokin::cli {
namespace {

void run_recover(const std::string& file, const std::string& from) {
  const store::RecoveryReport report =
      store::recover_session(file, from.empty() ? std::nullopt : std::optional<std::filesystem::path>(from));
  if (report.source != store::resolved_target(file)) {
    fmt::print("{}: recovered from {}, the working file of a recording stopped by force ({} trial{}, {} samples kept; "
               "the working file is removed)\n",
               file, report.source.string(), report.trials, report.trials == 1 ? "" : "s", report.samples);
    return;
  }
  fmt::print("{}: {} ({} trial{}, {} samples kept)\n", file,
             report.was_open_for_write ? "recovered from an interrupted recording" : "was not open for write; rewritten compactly",
             report.trials, report.trials == 1 ? "" : "s", report.samples);
}

void setup(CLI::App& isokin) {
  auto file = std::make_shared<std::string>();
  auto from = std::make_shared<std::string>();
  auto* cmd = isokin.add_subcommand("recover", "Make a session file left by a killed recording readable by any HDF5 reader");
  cmd->add_option("FILE", *file,
                  "Session file (HDF5); when it is missing or older than the working file a killed `isokin acquire` "
                  "left beside it (.FILE.tmp-PID-N), that working file is recovered into it")
      ->required();
  cmd->add_option("--from", *from, "The working file to recover into FILE, when several are beside it (name or path)");
  cmd->callback([file, from] { run_recover(*file, *from); });
}

const CommandRegistration registration{"recover", &setup};

}  // namespace
}  // namespace isokin::cli
