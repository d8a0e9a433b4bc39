// How replay:// reads a recorded session without knowing the file format: the
// store implements it (src/store/store_session_reader.hpp), tests can use memory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/trial.hpp"

namespace isokin::device {

class RecordedSessionReader {
 public:
  virtual ~RecordedSessionReader() = default;
  // The trial ids of the session, in file order. Throws isokin::Error naming the file.
  virtual std::vector<std::string> trial_ids(const std::filesystem::path& file) = 0;
  // One trial with its samples. Throws isokin::Error naming the file and trial.
  virtual Trial read_trial(const std::filesystem::path& file, const std::string& trial_id) = 0;
};

}  // namespace isokin::device
