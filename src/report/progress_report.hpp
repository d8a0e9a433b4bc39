// Rehabilitation follow-up: the sessions of one subject in date order, with peak
// torque, conventional H:Q and limb symmetry index at one speed, as a table and a
// plot (PDF page, PNG or SVG). The values are the analysis' (per session), picked,
// never recomputed.
#pragma once

#include <filesystem>
#include <optional>
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
  std::optional<analysis::Cutoff> lsi_cutoff;                                        // the row the LSI was judged against
  InvolvedSide involved = InvolvedSide::unknown;                                     // as the session's analysis used it
  std::optional<Side> lsi_numerator;                                                 // the side over the other in the LSI
  double days = analysis::kNaN;                                                      // since the first session's date
};

// Makes one series of analysed sessions (sorted by date) speak of one limb: where the
// involved side is not given (unknown or none), the reference side of the first
// session that has one is imposed on all the others and their comparisons redone, so
// the LSI never switches sides between sessions. Returns the side kept (nullopt when
// every session names its involved limb).
std::optional<Side> keep_one_reference_side(std::vector<analysis::SessionAnalysis*>& sessions);

// Days from 1970-01-01 of an ISO date YYYY-MM-DD; NaN when it is not one.
double days_from_iso_date(const std::string& date);

// The sentence every progress output carries about the involved limb: "involved side:
// right" or "involved side not given: LSI = left / right in every session".
std::string progress_involved_text(const std::vector<ProgressPoint>& points);

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
