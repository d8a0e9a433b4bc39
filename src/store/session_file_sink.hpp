// The session file as the recording service's SessionSink: each trial is a
// TrialRecorder, and the file is replaced only by a whole new file.
//
// Every trial goes to a working file beside the target (TempFileBeside: a hidden
// ".NAME.tmp-PID-N"), which commit() renames over the target once the session ends
// with at least one sample recorded. Until then the target is untouched, byte for
// byte: a device that is missing or refuses, an impossible setting, a failure before
// the first sample leave it as it was and no stray file (the working file is removed).
// A killed recorder leaves the working file: `isokin recover` it.
//
//   create   the target must not exist
//   replace  the target (if any) is replaced by the new session (--force)
//   append   trials are added to the target's session (its subject and date kept)
//   redo     one trial of the target is recorded again under its id (the old one is
//            dropped from the working copy only)
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "device/acquisition/trial_sink.hpp"
#include "model/session.hpp"

namespace isokin::store {

class TempFileBeside;

enum class SessionFileMode { create, replace, append, redo };

class SessionFileSink final : public device::SessionSink {
 public:
  // Checks the target for the mode (StoreError/InputError naming it) and prepares the
  // working file. `session` is used for create and replace; append and redo keep the
  // file's own (session()).
  SessionFileSink(const std::filesystem::path& target, SessionFileMode mode, const SessionInfo& session,
                  const std::string& redo_trial = {});
  ~SessionFileSink() override;  // without commit(): the working file is removed
  SessionFileSink(const SessionFileSink&) = delete;
  SessionFileSink& operator=(const SessionFileSink&) = delete;

  std::unique_ptr<device::TrialSink> open_trial(const TrialInfo& info) override;
  std::vector<std::string> trial_ids() const override;

  const SessionInfo& session() const { return session_; }
  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& working_file() const;
  // The redone trial as it was in the file (redo only): its settings are the default.
  const std::optional<TrialInfo>& redone_trial() const { return redone_; }
  std::size_t samples_recorded() const { return samples_; }

  // Renames the working file over the target if any sample was recorded and returns
  // true; otherwise drops it and returns false (the target stays as it was).
  bool commit() override;

 private:
  std::filesystem::path target_;
  SessionInfo session_;
  std::unique_ptr<TempFileBeside> working_;
  std::vector<std::string> ids_;
  std::optional<TrialInfo> redone_;
  std::size_t samples_ = 0;
  bool committed_ = false;
};

}  // namespace isokin::store
