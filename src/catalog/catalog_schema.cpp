#include "catalog/catalog_schema.hpp"

#include <fmt/format.h>

#include <string>

namespace isokin::catalog {
namespace {

struct Migration {
  int version;          // the version this step produces
  const char* common;   // both backends
  const char* postgres; // PostgreSQL only (roles, grants); may be empty
};

// Never edit a step once released: add one. Types are those both databases accept
// (TEXT, INTEGER, DOUBLE PRECISION); dates are ISO 8601 text (YYYY-MM-DD).
constexpr Migration kMigrations[] = {
    {1,
     "CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
     "CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT, birth_date TEXT, sex TEXT, sport TEXT,"
     "  position TEXT, dominant_leg TEXT, notes TEXT);"
     "CREATE TABLE sessions (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL,"
     "  person_id TEXT NOT NULL REFERENCES people(id), date TEXT, protocol TEXT, trials INTEGER);",
     ""},
    {2,
     // History and injuries; the session's involved side and analysis summary; renamed
     // ids; the pseudonymised views researchers read.
     "CREATE TABLE body_mass (person_id TEXT NOT NULL REFERENCES people(id) ON UPDATE CASCADE ON DELETE CASCADE,"
     "  date TEXT NOT NULL, mass_kg DOUBLE PRECISION NOT NULL, PRIMARY KEY (person_id, date));"
     "CREATE TABLE injuries (person_id TEXT NOT NULL REFERENCES people(id) ON UPDATE CASCADE ON DELETE CASCADE,"
     "  injury_date TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL, surgery_date TEXT, graft TEXT,"
     "  PRIMARY KEY (person_id, injury_date, side, type));"
     "CREATE TABLE person_aliases (alias TEXT PRIMARY KEY,"
     "  person_id TEXT NOT NULL REFERENCES people(id) ON UPDATE CASCADE ON DELETE CASCADE);"
     "ALTER TABLE sessions ADD COLUMN involved_side TEXT;"
     "ALTER TABLE sessions ADD COLUMN velocity_deg_s DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN quadriceps_left_nm DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN quadriceps_right_nm DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN hamstrings_left_nm DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN hamstrings_right_nm DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN hq_left DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN hq_right DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN lsi_quadriceps_percent DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN lsi_hamstrings_percent DOUBLE PRECISION;"
     "ALTER TABLE sessions ADD COLUMN summarised INTEGER NOT NULL DEFAULT 0;"
     "CREATE INDEX sessions_sha256 ON sessions (sha256);"
     "CREATE INDEX sessions_person_date ON sessions (person_id, date);"
     "CREATE VIEW cohort_people AS SELECT id, sex, sport, position, dominant_leg FROM people;"
     "CREATE VIEW cohort_injuries AS SELECT person_id, injury_date, side, type, surgery_date, graft FROM injuries;"
     "CREATE VIEW cohort_sessions AS SELECT person_id, sha256, date, protocol, trials, involved_side, velocity_deg_s,"
     "  quadriceps_left_nm, quadriceps_right_nm, hamstrings_left_nm, hamstrings_right_nm, hq_left, hq_right,"
     "  lsi_quadriceps_percent, lsi_hamstrings_percent FROM sessions;",
     // Group roles (cluster-wide, so created only when missing); users are made members.
     // Views run with their owner's rights: researchers read them without any right on
     // the tables, so a SELECT of a name is refused by the server itself.
     "DO $$ BEGIN"
     "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'isokin_clinician') THEN"
     "    CREATE ROLE isokin_clinician NOLOGIN; END IF;"
     "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'isokin_researcher') THEN"
     "    CREATE ROLE isokin_researcher NOLOGIN; END IF;"
     "END $$;"
     "GRANT SELECT, INSERT, UPDATE, DELETE ON catalog_meta, people, sessions, body_mass, injuries, person_aliases"
     "  TO isokin_clinician;"
     "GRANT SELECT ON cohort_people, cohort_injuries, cohort_sessions TO isokin_clinician;"
     "GRANT SELECT ON catalog_meta, cohort_people, cohort_injuries, cohort_sessions TO isokin_researcher;"},
};

std::string meta(SqlConnection& db, const char* key) {
  const auto rows = db.query("SELECT value FROM catalog_meta WHERE key = $1", {std::string(key)});
  return rows.empty() ? std::string() : rows.front().at(0).value_or("");
}

}  // namespace

int read_schema_version(SqlConnection& db) {
  if (!db.has_table("catalog_meta")) {
    if (db.table_count() == 0) return 0;
    throw CatalogInputError(fmt::format("{}: not an isokin catalogue (it holds other tables and no catalog_meta)",
                                        db.name()));
  }
  const std::string format = meta(db, "format");
  if (format != kCatalogFormat) {
    throw CatalogInputError(fmt::format("{}: not an isokin catalogue (catalog_meta format is '{}', expected '{}')",
                                        db.name(), format, kCatalogFormat));
  }
  const std::string text = meta(db, "schema_version");
  int version = 0;
  try {
    std::size_t used = 0;
    version = std::stoi(text, &used);
    if (used != text.size()) version = 0;
  } catch (const std::exception&) {
    version = 0;
  }
  if (version < 1) {
    throw CatalogInputError(fmt::format("{}: catalog_meta schema_version '{}' is not a version number", db.name(), text));
  }
  if (version > kSchemaVersion) {
    throw CatalogInputError(fmt::format(
        "{}: catalogue schema version {} is newer than this isokin reads (up to {}); update isokin", db.name(),
        version, kSchemaVersion));
  }
  return version;
}

int migrate_schema(SqlConnection& db, int target) {
  if (target < 1 || target > kSchemaVersion) {
    throw CatalogInputError(fmt::format("schema version {} does not exist (1 to {})", target, kSchemaVersion));
  }
  WriteTransaction transaction(db);
  // Two stations opening a new catalogue at once: one migrates, the other waits and
  // then finds it done (SQLite: BEGIN IMMEDIATE already serialises).
  if (db.backend() == Backend::postgresql) db.query("SELECT pg_advisory_xact_lock(7013001)", {});
  const int before = read_schema_version(db);
  for (const auto& step : kMigrations) {
    if (step.version <= before || step.version > target) continue;
    db.run_script(step.common);
    if (db.backend() == Backend::postgresql && *step.postgres) db.run_script(step.postgres);
    if (step.version == 1) {
      db.query("INSERT INTO catalog_meta (key, value) VALUES ('format', $1)", {std::string(kCatalogFormat)});
      db.query("INSERT INTO catalog_meta (key, value) VALUES ('schema_version', '1')", {});
    } else {
      db.query("UPDATE catalog_meta SET value = $1 WHERE key = 'schema_version'",
               {std::to_string(step.version)});
    }
  }
  transaction.commit();
  return before;
}

}  // namespace isokin::catalog
