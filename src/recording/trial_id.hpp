// Trial ids, built in one place for `isokin acquire` and the dashboard.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "session_protocol/test_protocol.hpp"

namespace isokin::recording {

// The id of a new trial: the protocol's `id` if it has one, else
// default_trial_id(number - 1, trial) ("03-left-con-con-60" for number 3). An id
// already in `taken` gets "-2", "-3"... so a session never holds two trials of one id.
std::string new_trial_id(std::size_t number, const ProtocolTrial& trial, const std::vector<std::string>& taken);

}  // namespace isokin::recording
