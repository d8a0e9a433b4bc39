// A protocol turned into the trials to record, in one place for `isokin acquire
// --protocol` and the dashboard's guided test run (gui/live/protocol_run).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/trial.hpp"
#include "recording/recording_service.hpp"
#include "session_protocol/test_protocol.hpp"

namespace isokin::recording {

// One trial to record: the service's plan and the rest after it.
struct PlannedTrial {
  ProtocolTrial trial;
  TrialPlan plan;
  double rest_s = 0;  // rest after this trial (0 after the last)
};

// The service's plan for one trial under `id`.
TrialPlan plan_trial(const ProtocolTrial& trial, std::string id, std::optional<double> duration_s = {},
                     std::optional<LimbGravity> gravity = {});

// Every trial of the protocol, numbered after the `taken` ids of the session (trial
// ids never repeat within a session: new_trial_id).
std::vector<PlannedTrial> plan_protocol(const TestProtocol& protocol, std::vector<std::string> taken,
                                        std::optional<double> duration_s = {},
                                        std::optional<LimbGravity> gravity = {});

// The rest between trials passes at the simulator's speed (none at speed=0, so the
// demo runs in seconds); a real athlete on a real machine rests in real time (1).
double rest_scale(std::string_view device_uri);

}  // namespace isokin::recording
