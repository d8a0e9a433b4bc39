#include "recording/trial_id.hpp"

#include <algorithm>

namespace isokin::recording {

std::string new_trial_id(std::size_t number, const ProtocolTrial& trial, const std::vector<std::string>& taken) {
  const std::string base = default_trial_id(number > 0 ? number - 1 : 0, trial);
  auto free = [&](const std::string& id) { return std::find(taken.begin(), taken.end(), id) == taken.end(); };
  if (free(base)) return base;
  for (int k = 2;; ++k) {
    std::string id = base + "-" + std::to_string(k);
    if (free(id)) return id;
  }
}

}  // namespace isokin::recording
