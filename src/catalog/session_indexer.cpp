#include "catalog/session_indexer.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "batch/session_job.hpp"
#include "catalog/file_hash.hpp"
#include "model/physical_limits.hpp"
#include "model/test_mode.hpp"
#include "report/progress_report.hpp"
#include "store/session_store.hpp"

namespace isokin::catalog {
namespace {

namespace fs = std::filesystem;

std::string absolute_path(const fs::path& file) { return fs::weakly_canonical(fs::absolute(file)).string(); }

bool under(const std::string& path, const std::string& folder) {
  return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
         (folder.back() == '/' || path[folder.size()] == '/');
}

// The file's subject resolved through renamed ids, and that person's involved side.
struct Owner {
  std::string person_id;
  std::string involved_side;
};

Owner owner_of(Catalog& catalog, const fs::path& file) {
  const auto info = store::read_session_info(file);
  Owner owner;
  owner.person_id = catalog.resolve_person(info.subject.id);
  owner.involved_side = catalog.involved_side(owner.person_id);
  return owner;
}

// The file's body mass joins the person's history (a value entered by hand that day wins).
void record_body_mass(Catalog& catalog, const fs::path& file, const SessionEntry& entry) {
  const auto info = store::read_session_info(file);
  if (entry.date.size() == 10 && info.subject.body_mass_kg >= limits::kBodyMassKg.min && info.subject.body_mass_kg <= limits::kBodyMassKg.max) {
    catalog.db().query("INSERT INTO body_mass (person_id, date, mass_kg) VALUES ($1, $2, $3)"
                       " ON CONFLICT (person_id, date) DO NOTHING",
                       {entry.person_id, entry.date, info.subject.body_mass_kg});
  }
}

}  // namespace

SessionEntry index_session_file(const fs::path& file, const std::string& involved_side) {
  auto options = batch::analysis_options({});
  if (const auto side = parse_side(involved_side)) options.involved = *side == Side::left ? InvolvedSide::left : InvolvedSide::right;
  const auto analysed = batch::read_and_analyze(file, options);
  SessionEntry e;
  e.path = absolute_path(file);
  e.sha256 = sha256_of_file(file);
  e.person_id = analysed.session.info.subject.id;
  e.date = analysed.session.info.date;
  e.protocol = analysed.session.info.protocol;
  e.trials = static_cast<std::int64_t>(analysed.session.trials.size());
  e.involved_side = involved_side;
  // The values `isokin progress` shows for this session, picked from the analysis.
  const double velocity = report::default_progress_velocity({analysed.analysis});
  if (velocity == velocity) {
    const auto p = report::progress_point(e.path, e.date, analysed.analysis, velocity);
    e.summary = {velocity, p.quadriceps_left_nm, p.quadriceps_right_nm, p.hamstrings_left_nm, p.hamstrings_right_nm,
                 p.hq_left, p.hq_right, p.lsi_quadriceps_percent, p.lsi_hamstrings_percent};
  }
  return e;
}

SessionEntry add_session_file(Catalog& catalog, const fs::path& file) {
  const Owner owner = owner_of(catalog, file);
  SessionEntry entry = index_session_file(file, owner.involved_side);
  entry.person_id = owner.person_id;
  WriteTransaction t(catalog.db());
  // The same content indexed under another path that is gone: the file was moved.
  for (const auto& r : catalog.db().query("SELECT path FROM sessions WHERE sha256 = $1 AND path <> $2",
                                          {entry.sha256, entry.path})) {
    if (r.at(0) && !fs::exists(*r.at(0))) catalog.remove_session(*r.at(0));
  }
  catalog.put_session(entry);
  record_body_mass(catalog, file, entry);
  t.commit();
  return entry;
}

ScanReport scan_folder(Catalog& catalog, const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw CatalogInputError(fmt::format("{}: not a folder", folder.string()));
  const std::string root = absolute_path(folder);

  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".h5") files.push_back(absolute_path(it->path()));
  }
  if (ec) throw CatalogInputError(fmt::format("{}: cannot list: {}", root, ec.message()));
  std::sort(files.begin(), files.end());

  std::map<std::string, SessionEntry> indexed;  // by path
  std::multimap<std::string, std::string> by_hash;
  for (auto& e : catalog.all_sessions()) {
    by_hash.emplace(e.sha256, e.path);
    indexed.emplace(e.path, std::move(e));
  }

  // Read everything first (slow, no lock held), then write it in one transaction.
  ScanReport report;
  std::vector<SessionEntry> writes;
  std::vector<std::string> removals;
  std::set<std::string> found(files.begin(), files.end());
  std::set<std::string> moved_from;
  for (const auto& file : files) {
    try {
      const std::string hash = sha256_of_file(file);
      const auto known = indexed.find(file);
      const Owner owner = owner_of(catalog, file);
      if (known != indexed.end() && known->second.sha256 == hash && known->second.involved_side == owner.involved_side &&
          known->second.person_id == owner.person_id) {
        report.unchanged.push_back(file);
        continue;
      }
      bool moved = false;
      if (known == indexed.end()) {
        // Same content under a path that no longer exists: moved, not new.
        auto [first, last] = by_hash.equal_range(hash);
        for (auto it = first; it != last; ++it) {
          if (!found.count(it->second) && !fs::exists(it->second) && !moved_from.count(it->second)) {
            report.moved.emplace_back(it->second, file);
            moved_from.insert(it->second);
            removals.push_back(it->second);
            moved = true;
            break;
          }
        }
      }
      SessionEntry entry = index_session_file(file, owner.involved_side);
      entry.person_id = owner.person_id;
      if (known != indexed.end()) {
        if (known->second.sha256 != hash) report.changed.push_back(file);
        else report.unchanged.push_back(file);  // only the summary's involved side was refreshed
      } else if (!moved) {
        report.added.push_back(file);
      }
      writes.push_back(std::move(entry));
    } catch (const Error& e) {
      report.broken.push_back(e.what());
    } catch (const std::exception& e) {
      report.broken.push_back(fmt::format("{}: {}", file, e.what()));
    }
  }
  for (const auto& [path, entry] : indexed) {
    if (under(path, root) && !found.count(path) && !moved_from.count(path) && !fs::exists(path)) {
      report.missing.push_back(path);
      removals.push_back(path);
    }
  }

  WriteTransaction t(catalog.db());
  for (const auto& path : removals) catalog.remove_session(path);
  for (const auto& entry : writes) {
    catalog.put_session(entry);
    record_body_mass(catalog, entry.path, entry);
  }
  t.commit();
  return report;
}

}  // namespace isokin::catalog
