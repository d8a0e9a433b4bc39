// The SHA-256 of a session file, by which a moved or changed file is recognised.
#pragma once

#include <filesystem>
#include <string>

namespace isokin::catalog {

// Lower-case hex. Throws CatalogInputError naming the file when it cannot be read.
std::string sha256_of_file(const std::filesystem::path& file);

}  // namespace isokin::catalog
