// A session: one subject on one day, and the trials recorded then.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "model/test_mode.hpp"
#include "model/trial.hpp"

namespace isokin {

struct Subject {
  std::string id;  // pseudonymous id; never a name
  double body_mass_kg = std::numeric_limits<double>::quiet_NaN();  // NaN = unknown
};

struct SessionInfo {
  Subject subject;
  std::string date;   // ISO 8601 date, YYYY-MM-DD
  std::string notes;
  std::string protocol;  // name of the test protocol followed, if any
  InvolvedSide involved = InvolvedSide::unknown;  // the injured/operated limb; LSI = involved / uninvolved
};

struct Session {
  SessionInfo info;
  std::vector<Trial> trials;
};

}  // namespace isokin
