#include "store/store_session_reader.hpp"

#include "store/session_store.hpp"

namespace isokin::store {
namespace {

class StoreSessionReader final : public device::RecordedSessionReader {
 public:
  std::vector<std::string> trial_ids(const std::filesystem::path& file) override {
    std::vector<std::string> ids;
    for (const auto& t : list_trials(file, TrialTimes::skip)) ids.push_back(t.info.id);
    return ids;
  }
  Trial read_trial(const std::filesystem::path& file, const std::string& trial_id) override {
    return store::read_trial(file, trial_id);
  }
};

}  // namespace

std::shared_ptr<device::RecordedSessionReader> make_session_reader() { return std::make_shared<StoreSessionReader>(); }

}  // namespace isokin::store
