// The analysis options that report, progress, batch and export share with `isokin
// analyze` (same names, same meaning), added to a subcommand in one place.
#pragma once

#include <CLI/CLI.hpp>

#include "batch/session_job.hpp"
#include "cli/option_ranges.hpp"

namespace isokin::cli {

inline void add_analysis_flags(CLI::App* cmd, batch::AnalysisFlags& flags) {
  cmd->add_option("--cutoffs", flags.cutoffs,
                  "Cut-off rows (TOML) merged over the shipped table: a row with a shipped id replaces it, a new id "
                  "is added")
      ->check(CLI::ExistingFile);
  cmd->add_option("--cutoffs-only", flags.cutoffs_only, "Cut-off table (TOML) used instead of the shipped one")
      ->check(CLI::ExistingFile);
  cmd->add_option("--involved", flags.involved,
                  "Involved (injured, operated) limb: left, right or none; overrides the session files' (every LSI "
                  "and deficit is involved / uninvolved)")
      ->check(CLI::IsMember({"left", "right", "none"}));
  cmd->add_flag("--no-gravity", flags.no_gravity, "Do not correct torque for limb weight");
  cmd->add_option("--filter-hz", flags.filter_hz, "Torque low-pass cut-off in Hz, 0 = off")
      ->capture_default_str()
      ->check(range(kFilterHz));
}

}  // namespace isokin::cli
