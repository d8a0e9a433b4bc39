#include "store/session_file_sink.hpp"

#include <hdf5.h>
#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "store/file_replace.hpp"
#include "store/hdf5_schema.hpp"
#include "store/session_store.hpp"

namespace isokin::store {
namespace {

// One trial of the working file, recorded by a TrialRecorder.
class RecorderTrialSink final : public device::TrialSink {
 public:
  RecorderTrialSink(const std::filesystem::path& file, const SessionInfo& session, const TrialInfo& info,
                    std::size_t& samples)
      : recorder_(file, session, info, RecorderOptions{}), samples_(samples) {}

  void append(const SampleSpan& samples) override {
    recorder_.append(samples);
    samples_ += samples.size();
  }
  void flush() override { recorder_.flush(); }
  void finish(const TrialInfo& final_info) override { recorder_.finish(final_info); }

 private:
  TrialRecorder recorder_;
  std::size_t& samples_;
};

// Drops /trials/<id> from `file` (a private working copy). The space it took is
// reclaimed when the next trial finishes (TrialRecorder::finish rewrites compactly).
void remove_trial(const std::filesystem::path& file, const std::string& id, const std::filesystem::path& shown) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (f < 0) throw StoreError(fmt::format("{}: cannot open a copy to replace trial '{}'", shown.string(), id));
  const std::string path = std::string(schema::kTrials) + "/" + id;
  const herr_t removed = H5Ldelete(f, path.c_str(), H5P_DEFAULT);
  const herr_t closed = H5Fclose(f);
  if (removed < 0 || closed < 0)
    throw StoreError(fmt::format("{}: cannot drop trial '{}' from a copy to record it again", shown.string(), id));
}

}  // namespace

SessionFileSink::SessionFileSink(const std::filesystem::path& target, SessionFileMode mode, const SessionInfo& session,
                                 const std::string& redo_trial)
    : target_(target), session_(session) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(target, ec);
  if (mode == SessionFileMode::create && exists)
    throw InputError(fmt::format("{}: exists (--force replaces it, --append adds trials to it)", target.string()));
  const bool keep_trials = mode == SessionFileMode::append || mode == SessionFileMode::redo;
  if (keep_trials && !exists) throw InputError(fmt::format("{}: no such session file to add to", target.string()));
  if (keep_trials) {
    // Read first, so a damaged or foreign file is refused before the device is touched.
    session_ = read_session_info(target);
    for (const auto& t : list_trials(target)) {
      if (t.unfinished)
        throw StoreError(fmt::format("{}: trial '{}' is unfinished (a recorder is writing it, or was killed): "
                                     "run `isokin recover` first", target.string(), t.info.id));
      if (mode == SessionFileMode::redo && t.info.id == redo_trial) {
        redone_ = t.info;
        continue;
      }
      ids_.push_back(t.info.id);
    }
    if (mode == SessionFileMode::redo && !redone_) {
      throw InputError(fmt::format("{}: no trial '{}' to record again (trials: {})", target.string(), redo_trial,
                                   ids_.empty() ? std::string("none") : fmt::format("{}", fmt::join(ids_, ", "))));
    }
  }
  working_ = std::make_unique<TempFileBeside>(target);
  if (keep_trials) {
    std::filesystem::copy_file(target, working_->path(), ec);
    if (ec) throw StoreError(fmt::format("{}: cannot copy it to add trials ({})", target.string(), ec.message()));
    if (redone_) remove_trial(working_->path(), redone_->id, target);
  }
}

SessionFileSink::~SessionFileSink() = default;

const std::filesystem::path& SessionFileSink::working_file() const { return working_->path(); }

std::unique_ptr<device::TrialSink> SessionFileSink::open_trial(const TrialInfo& info) {
  if (committed_) throw Error(fmt::format("{}: session already committed", target_.string()));
  if (std::find(ids_.begin(), ids_.end(), info.id) != ids_.end())
    throw InputError(fmt::format("{}: already has a trial '{}'", target_.string(), info.id));
  auto sink = std::make_unique<RecorderTrialSink>(working_->path(), session_, info, samples_);
  ids_.push_back(info.id);
  return sink;
}

std::vector<std::string> SessionFileSink::trial_ids() const { return ids_; }

bool SessionFileSink::commit() {
  if (committed_) return true;
  if (samples_ == 0) return false;  // the destructor drops the working file
  working_->commit();
  committed_ = true;
  return true;
}

}  // namespace isokin::store
