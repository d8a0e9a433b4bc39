// write_session: whole trials, atomically (temporary file beside the target, renamed over it).
#include <fmt/format.h>

#include <set>
#include <system_error>

#include "model/physical_limits.hpp"
#include "model/text_policy.hpp"
#include "store/compact_copy.hpp"
#include "store/file_replace.hpp"
#include "store/hdf5_schema.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {
namespace {

void write_trials(const h5::Id& file, const Session& session, const h5::Where& where) {
  h5::Id trials = h5::open_group(file.get(), schema::kTrials, where);
  for (const auto& trial : session.trials) write_trial(trials.get(), trial, where.child(schema::kTrials));
  trials.close(where.child(schema::kTrials));
}

// What the reader would refuse is not written either (docs/refused-input.md).
void check_session(const Session& session, const h5::Where& where) {
  if (auto problem = limits::session_info_problem(session.info)) h5::refuse(where, *problem);
  std::set<std::string> seen;
  for (const auto& trial : session.trials) {
    const h5::Where at = where.child(schema::kTrials).child(file_name_part(trial.info.id));
    if (auto problem = limits::trial_info_problem(trial.info)) h5::refuse(at, *problem);
    if (!seen.insert(trial.info.id).second) h5::refuse(where, fmt::format("trial id '{}' appears twice", trial.info.id));
    if (auto problem = limits::samples_problem(trial.samples)) h5::refuse(at, *problem);
  }
}

}  // namespace

void write_session(const std::filesystem::path& file, const Session& session, WriteMode mode) {
  h5::silence_hdf5();
  const h5::Where target{file.string()};
  check_session(session, target);
  std::error_code ec;
  const bool exists = std::filesystem::exists(file, ec);
  if (mode == WriteMode::create && exists) h5::refuse(target, "already exists (use --force to replace it)");
  if (mode == WriteMode::append && !exists) h5::refuse(target, "no such file to append to");

  const WriterLock lock(file, mode == WriteMode::append ? "isokin import --append" : "isokin import");
  TempFileBeside temp(file);
  const h5::Where& where = target;  // messages name the user's file, not the temporary one
  if (mode == WriteMode::append) {
    {
      const OpenedSession existing = open_session_for_read(file);
      if (existing.swmr)
        h5::refuse(target, "is still open for writing by a recorder (or one was killed): run `isokin recover` first");
      require_same_subject(read_session_attrs(existing.file.get(), existing.where), session.info, target);
      if (h5::has_link(existing.file.get(), schema::kTrials, target)) {
        h5::Id trials = h5::open_group(existing.file.get(), schema::kTrials, target);
        for (const auto& trial : session.trials)
          if (h5::has_link(trials.get(), trial.info.id, target))
            h5::refuse(target, fmt::format("already has a trial '{}'", trial.info.id));
      }
    }
    std::filesystem::copy_file(file, temp.path(), ec);
    if (ec) h5::refuse(target, fmt::format("cannot copy for appending ({})", ec.message()));
    h5::Id out = h5::open_file(temp.path(), H5F_ACC_RDWR, h5::Format::finished);
    if (!h5::has_link(out.get(), schema::kTrials, where)) h5::create_group(out.get(), schema::kTrials, where);
    // The one session attribute an append may state (import --append --involved).
    if (session.info.involved != InvolvedSide::unknown) write_involved_side(out.get(), session.info.involved, where);
    write_trials(out, session, where);
    out.close(where);
  } else {
    h5::Id out = h5::create_file(temp.path(), h5::Format::finished);
    write_session_skeleton(out, session.info, where);
    write_trials(out, session, where);
    out.close(where);
  }
  temp.commit();
}

}  // namespace isokin::store
