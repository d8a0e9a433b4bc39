// Turning a session file into its catalogue entry, and `catalog scan`: the session
// index rebuilt from the files, moved files found again by their SHA-256.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace isokin::catalog {

// Reads and analyses the file (the same analysis `isokin analyze` runs, the LSI
// against `involved_side` when given) and fills the entry. Throws the store's error
// naming the file when it is not a readable session. person_id is the file's subject
// id (the caller resolves aliases).
SessionEntry index_session_file(const std::filesystem::path& file, const std::string& involved_side);

// What a scan found.
struct ScanReport {
  std::vector<std::string> added;                               // new files
  std::vector<std::pair<std::string, std::string>> moved;       // old path, new path (same SHA-256)
  std::vector<std::string> changed;                             // same path, other content
  std::vector<std::string> unchanged;
  std::vector<std::string> missing;                             // indexed under the folder, no longer found
  std::vector<std::string> broken;                              // one line each: the file and why
};

// Indexes every *.h5 under `folder` (recursively). Files that cannot be read are
// listed in `broken` and left out; everything else is written in one transaction,
// so an interrupted scan leaves the catalogue as it was. Entries under `folder`
// whose file is gone (and not found elsewhere by hash) are removed from the index.
ScanReport scan_folder(Catalog& catalog, const std::filesystem::path& folder);

// Adds (or refreshes) one file; returns the entry written.
SessionEntry add_session_file(Catalog& catalog, const std::filesystem::path& file);

}  // namespace isokin::catalog
