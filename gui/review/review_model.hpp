// The sessions open for review: samples, their min/max pyramids, and the analysis.
//
// A file loads on a worker thread (reading, analysing and summarising a large trial
// takes a second or more); the view polls once per frame and never waits. The
// numbers shown are those of analysis::analyze_session, the same as `isokin analyze`.
#pragma once

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "gui/plot/minmax_pyramid.hpp"
#include "model/session.hpp"

namespace isokin::gui {

struct ReviewTrial {
  Trial trial;
  MinMaxPyramid time, torque, angle, velocity;  // summarise trial.samples (stable: ReviewTrial is heap-held)
  const analysis::TrialAnalysis* analysis = nullptr;  // into ReviewSession::analysis, null if missing
  std::vector<double> peak_time_s, peak_torque_nm;    // each effort's peak, gathered once for the markers
};

struct ReviewSession {
  std::filesystem::path file;  // empty for sessions given in memory
  std::string name;            // file name shown in the list
  SessionInfo info;
  std::vector<std::unique_ptr<ReviewTrial>> trials;
  analysis::SessionAnalysis analysis;
  std::size_t sample_bytes() const;  // raw samples held, for the memory figure
};

// Builds the review form of a session (pyramids, analysis). Throws nothing for bad
// data: the analysis turns it into messages.
std::unique_ptr<ReviewSession> make_review_session(Session session, std::string name);

// Reads `file` with the store and makes its review session.
std::unique_ptr<ReviewSession> load_review_session(const std::filesystem::path& file);

// A load in progress on a worker thread.
struct PendingLoad {
  std::filesystem::path file;
  std::future<std::unique_ptr<ReviewSession>> result;
};

}  // namespace isokin::gui
