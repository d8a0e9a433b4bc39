// The report's figures, each drawn into a rectangle of a Canvas so the same code
// makes a PDF page region or a stand-alone PNG/SVG. Every number comes from the
// analysis results; the raw samples are only drawn (the repetition overlay).
#pragma once

#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "model/session.hpp"
#include "report/canvas.hpp"

namespace isokin::report {

// Torque against knee angle for one trial: every repetition's effort overlaid (the
// measured torque, signed: extension up, flexion down) and the analysis' mean curve
// over the isokinetic windows in black.
void draw_torque_angle(Canvas& canvas, const Rect& box, const Trial& trial, const analysis::TrialAnalysis& result);

// Conventional and functional H:Q ratios, left and right bars per pairing, each
// pairing's cut-off as a dashed line over its bars. Returns false (draws a note)
// when the session has no ratio.
bool draw_hq_bars(Canvas& canvas, const Rect& box, const analysis::SessionAnalysis& analysis);

// Left against right: best peak torque per muscle, contraction and velocity, with the
// limb symmetry index above each pair (red when flagged).
bool draw_bilateral_bars(Canvas& canvas, const Rect& box, const analysis::SessionAnalysis& analysis);

// Peak torque against repetition number for the longest set(s) of the session, with
// the analysis' linear fatigue fit dashed.
bool draw_fatigue(Canvas& canvas, const Rect& box, const analysis::SessionAnalysis& analysis);

// The efforts draw_fatigue shows (exposed for tests and the figure list).
struct FatigueSeries {
  std::string label;
  Side side = Side::left;
  Muscle muscle = Muscle::quadriceps;
  const analysis::EffortAnalysis* effort = nullptr;
};
std::vector<FatigueSeries> fatigue_series(const analysis::SessionAnalysis& analysis);

Color side_color(Side side);

}  // namespace isokin::report
