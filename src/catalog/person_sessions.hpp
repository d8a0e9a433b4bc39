// `--person ID [--catalog LOCATION]` for commands that otherwise take session files
// (`isokin report`, `isokin progress`): the person's sessions read from the catalogue,
// and their involved side (injury record) for the limb symmetry index.
#pragma once

#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"

namespace CLI {
class App;
}

namespace isokin::catalog {

struct PersonSelection {
  std::string id;
  std::string location;  // --catalog; empty = ISOKIN_CATALOG / config file / default
};

// Adds --person and --catalog to a command.
void add_person_options(CLI::App& command, PersonSelection& selection);

// Without --person: `files` (empty entries dropped), refused when none. With it: the
// person's session files in date order (only the latest when `latest_only`), refused
// together with files, or when the person or their sessions are not found; sets
// options.involved_side from the person's injury record when one is recorded.
std::vector<std::string> files_or_person_sessions(const std::vector<std::string>& files,
                                                  const PersonSelection& selection, analysis::AnalysisOptions& options,
                                                  bool latest_only = false);

}  // namespace isokin::catalog
