// `isokin catalog ...`: the clinic's people and the index of their session files
// (src/catalog, docs/catalog.md). The catalogue is chosen with --catalog
// sqlite:PATH | postgresql://..., else ISOKIN_CATALOG, else the configuration file.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/catalog_location.hpp"
#include "catalog/catalog_schema.hpp"
#include "catalog/session_indexer.hpp"
#include "cli/command.hpp"
#include "model/error.hpp"

namespace isokin::cli {
namespace {

using catalog::Catalog;

struct CatalogArgs {
  std::string location;
  int schema_version = catalog::kSchemaVersion;
  std::string folder, file, id, new_id, text;
  catalog::Person edit;
  std::vector<std::string> body_mass, injuries;
};

std::string number(double v, const char* format_spec = "{:.0f}") {
  return std::isfinite(v) ? fmt::format(fmt::runtime(format_spec), v) : "-";
}

void print_people(const std::vector<catalog::Person>& people, Catalog& catalog) {
  fmt::print("{:<16} {:<28} {:<14} {:<8} {:>8}\n", "id", "name", "sport", "involved", "sessions");
  for (const auto& p : people) {
    fmt::print("{:<16} {:<28} {:<14} {:<8} {:>8}\n", p.id, p.name.empty() ? "-" : p.name,
               p.sport.empty() ? "-" : p.sport, p.injuries.empty() ? "-" : p.injuries.back().side,
               catalog.sessions_of(p.id).size());
  }
}

void run_init(const CatalogArgs& a) {
  const std::string location = catalog::resolve_location(a.location);
  auto db = catalog::connect(location);
  const int before = catalog::migrate_schema(*db, a.schema_version);
  const int now = catalog::read_schema_version(*db);
  if (before == now) {
    fmt::print("{}: schema version {} (up to date)\n", db->name(), now);
  } else if (before == 0) {
    fmt::print("{}: created, schema version {}\n", db->name(), now);
  } else {
    fmt::print("{}: migrated from schema version {} to {}\n", db->name(), before, now);
  }
}

Catalog open_catalog(const CatalogArgs& a) { return Catalog::open(catalog::resolve_location(a.location)); }

void run_scan(const CatalogArgs& a) {
  auto catalog = open_catalog(a);
  const auto report = catalog::scan_folder(catalog, a.folder);
  for (const auto& f : report.added) fmt::print("added    {}\n", f);
  for (const auto& [from, to] : report.moved) fmt::print("moved    {} -> {}\n", from, to);
  for (const auto& f : report.changed) fmt::print("changed  {}\n", f);
  for (const auto& f : report.missing) fmt::print("missing  {} (removed from the index)\n", f);
  for (const auto& why : report.broken) std::fprintf(stderr, "isokin: not indexed: %s\n", why.c_str());
  fmt::print("{}: {} added, {} moved, {} changed, {} unchanged, {} missing, {} not readable\n", catalog.name(),
             report.added.size(), report.moved.size(), report.changed.size(), report.unchanged.size(),
             report.missing.size(), report.broken.size());
  std::fflush(stdout);
  if (!report.broken.empty()) {
    throw InputError(fmt::format("{}: {} file(s) could not be read and are not in the catalogue (listed above)",
                                 a.folder, report.broken.size()));
  }
}

void run_add(const CatalogArgs& a) {
  auto catalog = open_catalog(a);
  const auto e = catalog::add_session_file(catalog, a.file);
  fmt::print("{}: {} {} ({} trials) for {}\n", catalog.name(), e.path, e.date, e.trials, e.person_id);
}

catalog::Person existing(Catalog& catalog, const std::string& id) {
  auto p = catalog.person(id);
  if (!p) throw InputError(fmt::format("{}: no person '{}' (isokin catalog people lists them)", catalog.name(), id));
  return *p;
}

void run_show(const CatalogArgs& a) {
  auto catalog = open_catalog(a);
  const auto p = existing(catalog, a.id);
  const auto field = [](const char* label, const std::string& v) { fmt::print("{:<14} {}\n", label, v.empty() ? "-" : v); };
  field("id", p.id);
  field("name", p.name);
  field("birth date", p.birth_date);
  field("sex", p.sex);
  field("sport", p.sport);
  field("position", p.position);
  field("dominant leg", p.dominant_leg);
  for (const auto& m : p.body_mass) fmt::print("{:<14} {} {:.1f} kg\n", "body mass", m.date, m.mass_kg);
  for (const auto& i : p.injuries) {
    fmt::print("{:<14} {} {} {}{}{}\n", "injury", i.date, i.side, i.type,
               i.surgery_date.empty() ? "" : ", surgery " + i.surgery_date, i.graft.empty() ? "" : ", graft " + i.graft);
  }
  field("notes", p.notes);
  fmt::print("{:<14} {}\n", "sessions", catalog.sessions_of(p.id).size());
}

void run_sessions(const CatalogArgs& a) {
  auto catalog = open_catalog(a);
  existing(catalog, a.id);
  fmt::print("{:<10} {:<14} {:>6} {:<8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7}  {}\n", "date", "protocol",
             "trials", "involved", "deg/s", "Q L", "Q R", "H L", "H R", "HQ L", "LSI Q%", "LSI H%", "file");
  for (const auto& e : catalog.sessions_of(a.id)) {
    const auto& s = e.summary;
    fmt::print("{:<10} {:<14} {:>6} {:<8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7}  {}\n",
               e.date.empty() ? "-" : e.date, e.protocol.empty() ? "-" : e.protocol, e.trials,
               e.involved_side.empty() ? "-" : e.involved_side, number(s.velocity_deg_s), number(s.quadriceps_left_nm),
               number(s.quadriceps_right_nm), number(s.hamstrings_left_nm), number(s.hamstrings_right_nm),
               number(s.hq_left, "{:.2f}"), number(s.lsi_quadriceps_percent), number(s.lsi_hamstrings_percent), e.path);
  }
}

void run_find(const CatalogArgs& a, bool all) {
  auto catalog = open_catalog(a);
  print_people(catalog.find_people(all ? std::string() : a.text), catalog);
}

void run_rename(const CatalogArgs& a) {
  auto catalog = open_catalog(a);
  catalog.rename_person(a.id, a.new_id);
  fmt::print("{}: {} is now {} (files carrying {} still find them)\n", catalog.name(), a.id, a.new_id, a.id);
}

// "DATE=KG", "DATE,SIDE,TYPE[,SURGERY_DATE[,GRAFT]]"
catalog::BodyMass parse_body_mass(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) throw InputError(fmt::format("--body-mass: '{}' is not DATE=KG", text));
  catalog::BodyMass b{text.substr(0, eq), analysis::kNaN};
  try {
    std::size_t used = 0;
    b.mass_kg = std::stod(text.substr(eq + 1), &used);
    if (used != text.size() - eq - 1) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw InputError(fmt::format("--body-mass: '{}' is not DATE=KG", text));
  }
  return b;
}

catalog::Injury parse_injury(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    parts.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (parts.size() < 3 || parts.size() > 5) {
    throw InputError(fmt::format("--injury: '{}' is not DATE,SIDE,TYPE[,SURGERY_DATE[,GRAFT]]", text));
  }
  parts.resize(5);
  return {parts[0], parts[1], parts[2], parts[3], parts[4]};
}

void run_edit(const CatalogArgs& a, const CLI::App& cmd) {
  auto catalog = open_catalog(a);
  catalog::Person p = catalog.person(a.id).value_or(catalog::Person{});
  p.id = a.id;
  // Only the fields given change.
  const auto take = [&](const char* option, std::string& field, const std::string& value) {
    if (cmd.count(option) > 0) field = value;
  };
  take("--name", p.name, a.edit.name);
  take("--birth-date", p.birth_date, a.edit.birth_date);
  take("--sex", p.sex, a.edit.sex);
  take("--sport", p.sport, a.edit.sport);
  take("--position", p.position, a.edit.position);
  take("--dominant-leg", p.dominant_leg, a.edit.dominant_leg);
  take("--notes", p.notes, a.edit.notes);
  std::vector<catalog::BodyMass> masses;
  std::vector<catalog::Injury> injuries;
  for (const auto& m : a.body_mass) masses.push_back(parse_body_mass(m));
  for (const auto& i : a.injuries) injuries.push_back(parse_injury(i));
  catalog.save_person(p);
  for (const auto& m : masses) catalog.add_body_mass(p.id, m);
  for (const auto& i : injuries) catalog.add_injury(p.id, i);
  fmt::print("{}: {} saved\n", catalog.name(), p.id);
}

void setup(CLI::App& isokin) {
  auto a = std::make_shared<CatalogArgs>();
  auto* cmd = isokin.add_subcommand(
      "catalog",
      "The clinic's people and the index of their session files (SQLite file or PostgreSQL server; docs/catalog.md)");
  cmd->require_subcommand(1);
  cmd->add_option("--catalog", a->location,
                  "sqlite:PATH or postgresql://USER@HOST/DB (default: $ISOKIN_CATALOG, else `catalog` in "
                  "~/.config/isokin/config.toml, else sqlite:isokin-catalog.sqlite)");
  const auto sub = [&](const char* name, const char* help) {
    auto* s = cmd->add_subcommand(name, help);
    s->fallthrough();  // --catalog may follow the subcommand
    return s;
  };

  auto* init = sub("init", "Create the catalogue, or migrate it to this isokin's schema version");
  init->add_option("--schema-version", a->schema_version, "Create or migrate only up to this version (tests)")
      ->group("");
  init->callback([a] { run_init(*a); });

  auto* scan = sub("scan", "Rebuild the session index from the files under DIR: new, moved (same SHA-256), "
                           "changed and missing files are reported");
  scan->add_option("DIR", a->folder, "Folder of session files (searched recursively for *.h5)")->required();
  scan->callback([a] { run_scan(*a); });

  auto* add = sub("add", "Index one session file (its subject becomes a person if new)");
  add->add_option("FILE", a->file, "Session file (HDF5)")->required()->check(CLI::ExistingFile);
  add->callback([a] { run_add(*a); });

  sub("people", "List everyone: id, name, sport, involved side, number of sessions")->callback([a] {
    run_find(*a, true);
  });

  auto* find = sub("find", "People whose id, name, sport or notes contain TEXT (case-insensitive)");
  find->add_option("TEXT", a->text, "Text to look for")->required();
  find->callback([a] { run_find(*a, false); });

  auto* show = sub("show", "A person's record: name, birth date, sport, body mass history, injuries, notes");
  show->add_option("ID", a->id, "Pseudonymous id")->required();
  show->callback([a] { run_show(*a); });

  auto* sessions = sub("sessions", "A person's sessions by date with their summary (peaks, H:Q, LSI)");
  sessions->add_option("ID", a->id, "Pseudonymous id")->required();
  sessions->callback([a] { run_sessions(*a); });

  auto* rename = sub("rename", "Give a person a new pseudonymous id; the old one stays as an alias for files");
  rename->add_option("ID", a->id, "Current id")->required();
  rename->add_option("NEW_ID", a->new_id, "New id")->required();
  rename->callback([a] { run_rename(*a); });

  auto* edit = sub("edit", "Create a person or change their record (only the fields given change)");
  edit->add_option("ID", a->id, "Pseudonymous id")->required();
  edit->add_option("--name", a->edit.name, "Full name (kept in the catalogue only)");
  edit->add_option("--birth-date", a->edit.birth_date, "YYYY-MM-DD");
  edit->add_option("--sex", a->edit.sex, "female, male or other");
  edit->add_option("--sport", a->edit.sport, "Sport");
  edit->add_option("--position", a->edit.position, "Position played");
  edit->add_option("--dominant-leg", a->edit.dominant_leg, "left or right");
  edit->add_option("--notes", a->edit.notes, "Free text");
  edit->add_option("--body-mass", a->body_mass, "DATE=KG (repeatable)");
  edit->add_option("--injury", a->injuries, "DATE,SIDE,TYPE[,SURGERY_DATE[,GRAFT]] (repeatable)");
  edit->callback([a, edit] { run_edit(*a, *edit); });
}

const CommandRegistration registration{"catalog", &setup};

}  // namespace
}  // namespace isokin::cli
