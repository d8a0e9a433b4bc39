// Rehabilitation follow-up: the sessions of one subject in date order, with peak
// torque, conventional H:Q and limb symmetry index at one speed, as a table and a
// plot (PDF page, PNG or SVG). The values are the analysis' (per session), picked,
// never recomputed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "report/canvas.hpp"

namespace isokin::report {

struct ProgressPoint {
  std::string file;
  std::string date;
  std::string subject_id;
  double quadriceps_left_nm = analysis::kNaN, quadriceps_right_nm = analysis::kNaN;  // concentric peak at the speed
  double hamstrings_left_nm = analysis::kNaN, hamstrings_right_nm = analysis::kNaN;
  double hq_left = analysis::kNaN, hq_right = analysis::kNaN;                        // conventional H:Q at the speed
  double lsi_quadriceps_percent = analysis::kNaN, lsi_hamstrings_percent = analysis::kNaN;
  double hq_cutoff = analysis::kNaN, lsi_cutoff_percent = analysis::kNaN;            // for the plot's reference lines
};

// The values of one analysed session at `velocity_deg_s` (concentric efforts).
ProgressPoint progress_point(const std::string& file, const std::string& date,
                             const analysis::SessionAnalysis& analysis, double velocity_deg_s);

// The speed to follow when none is asked: 60 deg/s when a session has it, else the
// slowest concentric speed found; NaN when there is none.
double default_progress_velocity(const std::vector<analysis::SessionAnalysis>& sessions);

// Points sorted by date (then file) in a plain-text table for the terminal.
std::string progress_table_text(const std::vector<ProgressPoint>& points, double velocity_deg_s);

// One page (PDF) or image (PNG/SVG): the table and three panels over the sessions.
void write_progress_plot(const std::filesystem::path& out, ImageFormat format, const std::vector<ProgressPoint>& points,
                         double velocity_deg_s, const std::string& program_version);

}  // namespace isokin::report
