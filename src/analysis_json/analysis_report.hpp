// A plain-text report of a session analysis that a physiotherapist can read: per side
// and velocity the peak torque, per kg, work, CV; the H:Q ratios with their cut-offs
// and flags; left/right deficits and LSI; fatigue; and every message.
#pragma once

#include <string>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis_json {

std::string format_report(const analysis::SessionAnalysis& analysis);

}  // namespace isokin::analysis_json
