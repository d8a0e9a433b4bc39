#include "catalog/person_sessions.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "catalog/catalog.hpp"
#include "catalog/catalog_location.hpp"
#include "model/test_mode.hpp"

namespace isokin::catalog {

void add_person_options(CLI::App& command, PersonSelection& selection) {
  command.add_option("--person", selection.id, "A person's pseudonymous id: their sessions from the catalogue");
  command.add_option("--catalog", selection.location,
                     "Catalogue for --person: sqlite:PATH or postgresql://... (default: see isokin catalog --help)");
}

std::vector<std::string> files_or_person_sessions(const std::vector<std::string>& files,
                                                  const PersonSelection& selection, analysis::AnalysisOptions& options,
                                                  bool latest_only) {
  std::vector<std::string> given;
  for (const auto& f : files) {
    if (!f.empty()) given.push_back(f);
  }
  if (selection.id.empty()) {
    if (given.empty()) throw InputError("give session files or --person ID");
    return given;
  }
  if (!given.empty()) throw InputError("--person: give either session files or a person, not both");
  auto catalog = Catalog::open(resolve_location(selection.location), /*create=*/false);
  if (!catalog.person(selection.id)) {
    throw InputError(fmt::format("{}: no person '{}'", catalog.name(), selection.id));
  }
  std::vector<std::string> paths;
  for (const auto& e : catalog.sessions_of(selection.id)) {
    if (!std::filesystem::exists(e.path)) {
      throw InputError(fmt::format("{}: session file of {} is missing (isokin catalog scan finds moved files)",
                                   e.path, selection.id));
    }
    paths.push_back(e.path);
  }
  if (paths.empty()) throw InputError(fmt::format("{}: {} has no sessions yet", catalog.name(), selection.id));
  if (const auto side = parse_side(catalog.involved_side(selection.id))) options.involved = *side == Side::left ? InvolvedSide::left : InvolvedSide::right;
  if (latest_only) paths.erase(paths.begin(), paths.end() - 1);
  return paths;
}

}  // namespace isokin::catalog
