// The catalogue: people (a pseudonymous id, and only here their name and clinical
// record) and the index of their session files (path, SHA-256, date, protocol,
// trials, involved side, the analysis summary lists and progress views need). The
// session files stay the data: `isokin catalog scan` rebuilds the index from them.
//
// Where it lives: catalog_location.hpp. Schema and roles: docs/catalog.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "catalog/sql_connection.hpp"

namespace isokin::catalog {

struct BodyMass {
  std::string date;  // YYYY-MM-DD
  double mass_kg = analysis::kNaN;
};

struct Injury {
  std::string date;          // YYYY-MM-DD
  std::string side;          // left | right
  std::string type;          // e.g. "ACL rupture"
  std::string surgery_date;  // empty = no surgery
  std::string graft;         // e.g. "hamstring tendon", "patellar tendon"
};

struct Person {
  std::string id;  // pseudonymous: what files, exports and research outputs carry
  std::string name, birth_date, sex, sport, position, dominant_leg, notes;
  std::vector<BodyMass> body_mass;  // oldest first
  std::vector<Injury> injuries;     // oldest first
};

// The values progress views show, picked from the analysis (report::progress_point),
// never recomputed. NaN = not measured in this session.
struct SessionSummary {
  double velocity_deg_s = analysis::kNaN;
  double quadriceps_left_nm = analysis::kNaN, quadriceps_right_nm = analysis::kNaN;
  double hamstrings_left_nm = analysis::kNaN, hamstrings_right_nm = analysis::kNaN;
  double hq_left = analysis::kNaN, hq_right = analysis::kNaN;
  double lsi_quadriceps_percent = analysis::kNaN, lsi_hamstrings_percent = analysis::kNaN;
};

struct SessionEntry {
  std::string path;  // absolute
  std::string sha256;
  std::string person_id;
  std::string date;
  std::string protocol;
  std::int64_t trials = 0;
  std::string involved_side;  // left | right | empty (from the person's injury record)
  SessionSummary summary;
};

class Catalog {
 public:
  // Opens the catalogue at `location` ("sqlite:PATH", "postgresql://..."), creating
  // or migrating its schema when `create` (the clinician's default). Without
  // `create` (read-only use, researchers), an empty or older catalogue is refused.
  static Catalog open(const std::string& location, bool create = true);
  explicit Catalog(std::unique_ptr<SqlConnection> db);

  SqlConnection& db() { return *db_; }
  const std::string& name() const { return db_->name(); }
  int schema_version();

  // People ------------------------------------------------------------------
  // Every person whose id, name, sport or notes contains `text` (case-insensitive);
  // empty text = everyone. Sorted by id.
  std::vector<Person> find_people(const std::string& text);
  std::optional<Person> person(const std::string& id);
  // Creates the person or replaces their fields (not body mass, injuries, sessions).
  void save_person(const Person& person);
  void add_body_mass(const std::string& id, const BodyMass& entry);
  void add_injury(const std::string& id, const Injury& injury);
  // A new pseudonymous id; the old one stays as an alias, so files carrying it still
  // find the person.
  void rename_person(const std::string& old_id, const std::string& new_id);
  // The person id a file's subject id belongs to (an alias resolved), or itself.
  std::string resolve_person(const std::string& subject_id);
  // The side of the person's latest injury, empty when none is recorded.
  std::string involved_side(const std::string& id);

  // Sessions ----------------------------------------------------------------
  std::vector<SessionEntry> sessions_of(const std::string& person_id);  // by date
  std::vector<SessionEntry> all_sessions();                             // by path
  // Creates or replaces the entry of e.path (creating the person if new).
  void put_session(const SessionEntry& entry);
  void remove_session(const std::string& path);

 private:
  std::unique_ptr<SqlConnection> db_;
};

// Checks what a person's record may hold (dates YYYY-MM-DD, sides, bounded text);
// throws CatalogInputError naming the field and the value.
void check_person(const Person& person);
void check_injury(const Injury& injury);
void check_body_mass(const BodyMass& entry);

}  // namespace isokin::catalog
