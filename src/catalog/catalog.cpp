#include "catalog/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "catalog/catalog_location.hpp"
#include "catalog/catalog_schema.hpp"
#include "model/calendar_date.hpp"
#include "model/physical_limits.hpp"

namespace isokin::catalog {
namespace {

constexpr std::size_t kMaxText = 4000;  // notes; other fields are shorter
constexpr std::size_t kMaxField = 200;

std::string text_or_empty(const std::optional<std::string>& v) { return v.value_or(""); }

double number_or_nan(const std::optional<std::string>& v) {
  if (!v || v->empty()) return analysis::kNaN;
  char* end = nullptr;
  const double d = std::strtod(v->c_str(), &end);
  return end && *end == '\0' ? d : analysis::kNaN;
}

SqlValue text_or_null(const std::string& s) { return s.empty() ? SqlValue{} : SqlValue{s}; }

void check_date(const char* field, const std::string& value, bool required) {
  if (value.empty() && !required) return;
  if (!is_existing_date(value)) throw CatalogInputError(fmt::format("{}: '{}' is not a date YYYY-MM-DD", field, value));
}

void check_text(const char* field, const std::string& value, std::size_t max) {
  if (value.size() > max) throw CatalogInputError(fmt::format("{}: longer than {} characters", field, max));
  for (const char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
      throw CatalogInputError(fmt::format("{}: holds a control character", field));
    }
  }
}

void check_side(const char* field, const std::string& value, bool required) {
  if (value.empty() && !required) return;
  if (value != "left" && value != "right") throw CatalogInputError(fmt::format("{}: '{}' is not left or right", field, value));
}

const char* kSessionColumns =
    "path, sha256, person_id, date, protocol, trials, involved_side, velocity_deg_s, quadriceps_left_nm,"
    " quadriceps_right_nm, hamstrings_left_nm, hamstrings_right_nm, hq_left, hq_right, lsi_quadriceps_percent,"
    " lsi_hamstrings_percent";

SessionEntry session_from_row(const SqlRow& r) {
  SessionEntry e;
  e.path = text_or_empty(r.at(0));
  e.sha256 = text_or_empty(r.at(1));
  e.person_id = text_or_empty(r.at(2));
  e.date = text_or_empty(r.at(3));
  e.protocol = text_or_empty(r.at(4));
  e.trials = r.at(5) ? std::atoll(r.at(5)->c_str()) : 0;
  e.involved_side = text_or_empty(r.at(6));
  auto& s = e.summary;
  s.velocity_deg_s = number_or_nan(r.at(7));
  s.quadriceps_left_nm = number_or_nan(r.at(8));
  s.quadriceps_right_nm = number_or_nan(r.at(9));
  s.hamstrings_left_nm = number_or_nan(r.at(10));
  s.hamstrings_right_nm = number_or_nan(r.at(11));
  s.hq_left = number_or_nan(r.at(12));
  s.hq_right = number_or_nan(r.at(13));
  s.lsi_quadriceps_percent = number_or_nan(r.at(14));
  s.lsi_hamstrings_percent = number_or_nan(r.at(15));
  return e;
}

}  // namespace

void check_person(const Person& p) {
  if (p.id.empty() || p.id.size() > 64) throw CatalogInputError(fmt::format("id: '{}' must be 1 to 64 characters", p.id));
  for (const char c : p.id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      throw CatalogInputError(fmt::format("id: '{}' may hold only letters, digits, '-', '_' and '.'", p.id));
    }
  }
  check_text("name", p.name, kMaxField);
  check_date("birth date", p.birth_date, false);
  if (!p.sex.empty() && p.sex != "female" && p.sex != "male" && p.sex != "other") {
    throw CatalogInputError(fmt::format("sex: '{}' is not female, male or other", p.sex));
  }
  check_text("sport", p.sport, kMaxField);
  check_text("position", p.position, kMaxField);
  check_side("dominant leg", p.dominant_leg, false);
  check_text("notes", p.notes, kMaxText);
}

void check_injury(const Injury& i) {
  check_date("injury date", i.date, true);
  check_side("injury side", i.side, true);
  if (i.type.empty()) throw CatalogInputError("injury type: empty (e.g. \"ACL rupture\")");
  check_text("injury type", i.type, kMaxField);
  check_date("surgery date", i.surgery_date, false);
  check_text("graft", i.graft, kMaxField);
}

void check_body_mass(const BodyMass& b) {
  check_date("body mass date", b.date, true);
  if (!(b.mass_kg >= limits::kBodyMassKg.min && b.mass_kg <= limits::kBodyMassKg.max)) {
    throw CatalogInputError(fmt::format("body mass: {} kg is outside {} to {} kg", b.mass_kg, limits::kBodyMassKg.min,
                                        limits::kBodyMassKg.max));
  }
}

Catalog::Catalog(std::unique_ptr<SqlConnection> db) : db_(std::move(db)) {}

Catalog Catalog::open(const std::string& location, bool create) {
  // Reading (report/progress --person) never leaves an empty catalogue file behind.
  if (!create && location.rfind("sqlite:", 0) == 0 && !std::filesystem::exists(location.substr(7))) {
    throw CatalogInputError(fmt::format("{}: no catalogue here yet (isokin catalog init)", location));
  }
  Catalog catalog(connect(location));
  const int version = read_schema_version(catalog.db());
  if (version < kSchemaVersion) {
    if (!create) {
      throw CatalogInputError(version == 0 ? fmt::format("{}: no catalogue here yet (isokin catalog init)", catalog.name())
                                           : fmt::format("{}: schema version {} must be migrated (isokin catalog init)",
                                                         catalog.name(), version));
    }
    migrate_schema(catalog.db());
  }
  return catalog;
}

int Catalog::schema_version() { return read_schema_version(*db_); }

std::vector<Person> Catalog::find_people(const std::string& text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  pattern += "%";
  const auto rows = db_->query(
      "SELECT id FROM people WHERE lower(id) LIKE $1 ESCAPE '\\' OR lower(coalesce(name, '')) LIKE $1 ESCAPE '\\'"
      " OR lower(coalesce(sport, '')) LIKE $1 ESCAPE '\\' OR lower(coalesce(notes, '')) LIKE $1 ESCAPE '\\'"
      " ORDER BY id",
      {pattern});
  std::vector<Person> people;
  for (const auto& r : rows) {
    if (auto p = person(text_or_empty(r.at(0)))) people.push_back(std::move(*p));
  }
  return people;
}

std::optional<Person> Catalog::person(const std::string& id) {
  const auto rows = db_->query(
      "SELECT id, name, birth_date, sex, sport, position, dominant_leg, notes FROM people WHERE id = $1", {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.front();
  Person p{text_or_empty(r[0]), text_or_empty(r[1]), text_or_empty(r[2]), text_or_empty(r[3]),
           text_or_empty(r[4]), text_or_empty(r[5]), text_or_empty(r[6]), text_or_empty(r[7]), {}, {}};
  for (const auto& m : db_->query("SELECT date, mass_kg FROM body_mass WHERE person_id = $1 ORDER BY date", {id})) {
    p.body_mass.push_back({text_or_empty(m[0]), number_or_nan(m[1])});
  }
  for (const auto& i : db_->query("SELECT injury_date, side, type, surgery_date, graft FROM injuries"
                                  " WHERE person_id = $1 ORDER BY injury_date, side, type",
                                  {id})) {
    p.injuries.push_back(
        {text_or_empty(i[0]), text_or_empty(i[1]), text_or_empty(i[2]), text_or_empty(i[3]), text_or_empty(i[4])});
  }
  return p;
}

void Catalog::save_person(const Person& p) {
  check_person(p);
  WriteTransaction t(*db_);
  db_->query(
      "INSERT INTO people (id, name, birth_date, sex, sport, position, dominant_leg, notes)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
      " birth_date = excluded.birth_date, sex = excluded.sex, sport = excluded.sport, position = excluded.position,"
      " dominant_leg = excluded.dominant_leg, notes = excluded.notes",
      {p.id, text_or_null(p.name), text_or_null(p.birth_date), text_or_null(p.sex), text_or_null(p.sport),
       text_or_null(p.position), text_or_null(p.dominant_leg), text_or_null(p.notes)});
  t.commit();
}

void Catalog::add_body_mass(const std::string& id, const BodyMass& b) {
  check_body_mass(b);
  WriteTransaction t(*db_);
  if (db_->query("SELECT 1 FROM people WHERE id = $1", {id}).empty()) {
    throw CatalogInputError(fmt::format("{}: no person '{}'", name(), id));
  }
  db_->query("INSERT INTO body_mass (person_id, date, mass_kg) VALUES ($1, $2, $3)"
             " ON CONFLICT (person_id, date) DO UPDATE SET mass_kg = excluded.mass_kg",
             {id, b.date, b.mass_kg});
  t.commit();
}

void Catalog::add_injury(const std::string& id, const Injury& i) {
  check_injury(i);
  WriteTransaction t(*db_);
  if (db_->query("SELECT 1 FROM people WHERE id = $1", {id}).empty()) {
    throw CatalogInputError(fmt::format("{}: no person '{}'", name(), id));
  }
  db_->query("INSERT INTO injuries (person_id, injury_date, side, type, surgery_date, graft)"
             " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_id, injury_date, side, type)"
             " DO UPDATE SET surgery_date = excluded.surgery_date, graft = excluded.graft",
             {id, i.date, i.side, i.type, text_or_null(i.surgery_date), text_or_null(i.graft)});
  t.commit();
}

void Catalog::rename_person(const std::string& old_id, const std::string& new_id) {
  Person check;
  check.id = new_id;
  check_person(check);
  WriteTransaction t(*db_);
  if (db_->query("SELECT 1 FROM people WHERE id = $1", {old_id}).empty()) {
    throw CatalogInputError(fmt::format("{}: no person '{}'", name(), old_id));
  }
  if (!db_->query("SELECT 1 FROM people WHERE id = $1", {new_id}).empty() ||
      !db_->query("SELECT 1 FROM person_aliases WHERE alias = $1", {new_id}).empty()) {
    throw CatalogInputError(fmt::format("{}: the id '{}' is taken already", name(), new_id));
  }
  // Sessions keep no ON UPDATE CASCADE in schema 1, so the person is copied, the rows
  // moved and the old row removed, all in this transaction.
  db_->query("INSERT INTO people (id, name, birth_date, sex, sport, position, dominant_leg, notes)"
             " SELECT $2, name, birth_date, sex, sport, position, dominant_leg, notes FROM people WHERE id = $1",
             {old_id, new_id});
  for (const char* table : {"sessions", "body_mass", "injuries", "person_aliases"}) {
    db_->query(fmt::format("UPDATE {} SET person_id = $2 WHERE person_id = $1", table), {old_id, new_id});
  }
  db_->query("DELETE FROM people WHERE id = $1", {old_id});
  db_->query("INSERT INTO person_aliases (alias, person_id) VALUES ($1, $2)", {old_id, new_id});
  t.commit();
}

std::string Catalog::resolve_person(const std::string& subject_id) {
  const auto rows = db_->query("SELECT person_id FROM person_aliases WHERE alias = $1", {subject_id});
  return rows.empty() ? subject_id : text_or_empty(rows.front().at(0));
}

std::string Catalog::involved_side(const std::string& id) {
  const auto rows = db_->query(
      "SELECT side FROM injuries WHERE person_id = $1 ORDER BY injury_date DESC, side, type", {id});
  return rows.empty() ? std::string() : text_or_empty(rows.front().at(0));
}

std::vector<SessionEntry> Catalog::sessions_of(const std::string& person_id) {
  std::vector<SessionEntry> out;
  for (const auto& r : db_->query(fmt::format("SELECT {} FROM sessions WHERE person_id = $1 ORDER BY date, path",
                                              kSessionColumns),
                                  {person_id})) {
    out.push_back(session_from_row(r));
  }
  return out;
}

std::vector<SessionEntry> Catalog::all_sessions() {
  std::vector<SessionEntry> out;
  for (const auto& r : db_->query(fmt::format("SELECT {} FROM sessions ORDER BY path", kSessionColumns), {})) {
    out.push_back(session_from_row(r));
  }
  return out;
}

void Catalog::put_session(const SessionEntry& e) {
  const auto& s = e.summary;
  db_->query("INSERT INTO people (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", {e.person_id});
  db_->query(fmt::format("INSERT INTO sessions ({}, summarised) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                         " $11, $12, $13, $14, $15, $16, 1) ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256,"
                         " person_id = excluded.person_id, date = excluded.date, protocol = excluded.protocol,"
                         " trials = excluded.trials, involved_side = excluded.involved_side,"
                         " velocity_deg_s = excluded.velocity_deg_s, quadriceps_left_nm = excluded.quadriceps_left_nm,"
                         " quadriceps_right_nm = excluded.quadriceps_right_nm,"
                         " hamstrings_left_nm = excluded.hamstrings_left_nm,"
                         " hamstrings_right_nm = excluded.hamstrings_right_nm, hq_left = excluded.hq_left,"
                         " hq_right = excluded.hq_right, lsi_quadriceps_percent = excluded.lsi_quadriceps_percent,"
                         " lsi_hamstrings_percent = excluded.lsi_hamstrings_percent, summarised = 1",
                         kSessionColumns),
             {e.path, e.sha256, e.person_id, text_or_null(e.date), text_or_null(e.protocol), e.trials,
              text_or_null(e.involved_side), s.velocity_deg_s, s.quadriceps_left_nm, s.quadriceps_right_nm,
              s.hamstrings_left_nm, s.hamstrings_right_nm, s.hq_left, s.hq_right, s.lsi_quadriceps_percent,
              s.lsi_hamstrings_percent});
}

void Catalog::remove_session(const std::string& path) { db_->query("DELETE FROM sessions WHERE path = $1", {path}); }

}  // namespace isokin::catalog
