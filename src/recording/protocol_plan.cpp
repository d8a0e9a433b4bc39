#include "recording/protocol_plan.hpp"

#include <exception>
#include <string>

#include "device/transports/device_uri.hpp"
#include "recording/trial_id.hpp"

namespace isokin::recording {

TrialPlan plan_trial(const ProtocolTrial& trial, std::string id, std::optional<double> duration_s,
                     std::optional<LimbGravity> gravity) {
  TrialPlan plan;
  plan.id = std::move(id);
  plan.request = to_start_request(trial);
  plan.request.reps = trial.reps;
  plan.duration_s = duration_s;
  plan.gravity = gravity;
  return plan;
}

std::vector<PlannedTrial> plan_protocol(const TestProtocol& protocol, std::vector<std::string> taken,
                                        std::optional<double> duration_s, std::optional<LimbGravity> gravity) {
  std::vector<PlannedTrial> plan;
  const std::size_t first_number = taken.size() + 1;
  for (std::size_t i = 0; i < protocol.trials.size(); ++i) {
    PlannedTrial p;
    p.trial = protocol.trials[i];
    p.plan = plan_trial(p.trial, new_trial_id(first_number + i, p.trial, taken), duration_s, gravity);
    p.rest_s = i + 1 < protocol.trials.size() ? p.trial.rest_s : 0;
    taken.push_back(p.plan.id);
    plan.push_back(std::move(p));
  }
  return plan;
}

double rest_scale(std::string_view device_uri) {
  if (!device_uri.starts_with("sim://")) return 1.0;
  const auto parsed = device::parse_device_uri(std::string(device_uri));
  const auto it = parsed.query.find("speed");
  if (it == parsed.query.end()) return 1.0;
  try {
    const double speed = std::stod(it->second);  // the simulator refuses a bad one when it opens
    return speed > 0 ? 1.0 / speed : 0.0;
  } catch (const std::exception&) {
    return 1.0;
  }
}

}  // namespace isokin::recording
