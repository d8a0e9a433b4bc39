#include "catalog/catalog_location.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>

namespace isokin::catalog {

std::filesystem::path config_file_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "isokin" / "config.toml";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".config" / "isokin" / "config.toml";
  }
  return {};
}

std::string resolve_location(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("ISOKIN_CATALOG"); env && *env) return env;
  const auto file = config_file_path();
  std::error_code ec;
  if (!file.empty() && std::filesystem::is_regular_file(file, ec)) {
    toml::table table;
    try {
      table = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
      throw CatalogInputError(fmt::format("{}:{}: {}", file.string(), e.source().begin.line, e.description()));
    }
    if (const auto* node = table.get("catalog")) {
      const auto value = node->value<std::string>();
      if (!value || value->empty()) {
        throw CatalogInputError(fmt::format("{}: catalog: must be a text such as \"sqlite:PATH\" or \"postgresql://...\"",
                                            file.string()));
      }
      return *value;
    }
  }
  return kDefaultCatalog;
}

std::unique_ptr<SqlConnection> connect(const std::string& location) {
  if (location.rfind("sqlite:", 0) == 0) return open_sqlite(location.substr(7));
  if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0) {
    return open_postgresql(location);
  }
  throw CatalogInputError(fmt::format("--catalog: '{}' is neither sqlite:PATH nor postgresql://...",
                                      redact_uri(location)));
}

}  // namespace isokin::catalog
