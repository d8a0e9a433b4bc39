// The catalogue's schema: one list of versions, each a migration from the one before,
// the same SQL on SQLite and PostgreSQL (plus, on PostgreSQL, the roles and grants).
// catalog_meta holds format = "isokin-catalog" and schema_version. docs/catalog.md
// describes every table; tests/catalog migrate a version-1 catalogue on both backends.
#pragma once

#include "catalog/sql_connection.hpp"

namespace isokin::catalog {

inline constexpr int kSchemaVersion = 2;
inline constexpr const char* kCatalogFormat = "isokin-catalog";

// The schema version of the connected database: 0 for an empty database (nothing in
// it yet). Refuses (CatalogInputError, naming the catalogue) a database that holds
// other tables but no catalog_meta, or whose catalog_meta says another format.
int read_schema_version(SqlConnection& db);

// Creates or migrates the schema up to `target` (<= kSchemaVersion), all in one
// transaction: a failure leaves the catalogue at the version it was. Refuses a
// catalogue of a newer version than this isokin knows. Returns the version before.
int migrate_schema(SqlConnection& db, int target = kSchemaVersion);

}  // namespace isokin::catalog
