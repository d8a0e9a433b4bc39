// Where the catalogue is. In order: the --catalog option; the ISOKIN_CATALOG
// environment variable; `catalog = "..."` in the configuration file
// $XDG_CONFIG_HOME/isokin/config.toml (default ~/.config/isokin/config.toml);
// else sqlite:isokin-catalog.sqlite in the current folder.
//   sqlite:PATH                      one file (created on first use, mode 0600)
//   postgresql://USER@HOST/DB?...    a libpq URI (also postgres://)
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "catalog/sql_connection.hpp"

namespace isokin::catalog {

inline constexpr const char* kDefaultCatalog = "sqlite:isokin-catalog.sqlite";

std::filesystem::path config_file_path();

// The location to use given the --catalog option (empty when not given). Throws
// CatalogInputError for a configuration file that does not parse.
std::string resolve_location(const std::string& option);

// Connects; refuses a location of no known kind by name.
std::unique_ptr<SqlConnection> connect(const std::string& location);

}  // namespace isokin::catalog
