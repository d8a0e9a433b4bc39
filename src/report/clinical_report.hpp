// The clinical report of one session: a multi-page A4 PDF a physiotherapist reads
// without training in isokin, or the figures alone as PNG or SVG files.
//
//   page 1   subject and protocol; key measures per side with their flags in words;
//            H:Q ratios and left-against-right tables; how to read the flags
//   page 2.. torque-angle curves of each trial, repetitions overlaid
//   last     H:Q bars against their cut-offs, left against right, fatigue curves
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "model/session.hpp"
#include "report/canvas.hpp"

namespace isokin::report {

struct ReportOptions {
  ImageFormat format = ImageFormat::pdf;
  std::string source_file;      // the session file's name, printed in the footer
  std::string program_version;  // "isokin 0.1.0"
  // The person's name from the catalogue, printed in the title only when the clinician
  // asks (the dashboard's Report); session files never hold it. Empty: the id alone.
  std::string person_name;
  // Where the file meant for a target is drawn. The command line passes a temporary file
  // beside the target, renamed over it once every figure is whole (nothing half-drawn
  // is ever left under a figure's name); unset: the target itself.
  std::function<std::filesystem::path(const std::filesystem::path& target)> draw_path;
};

struct ReportOutput {
  std::vector<std::filesystem::path> files;  // the PDF, or one file per figure
  int pages = 0;                             // PDF pages (0 for figures)
};

// PDF: writes `out`. PNG/SVG: writes one file per figure beside `out`, named
// <stem>-torque-angle, -hq-ratios, -left-right, -fatigue (+ extension); figures with
// nothing to show are not written.
ReportOutput write_clinical_report(const std::filesystem::path& out, const Session& session,
                                   const analysis::SessionAnalysis& analysis, const ReportOptions& options);

}  // namespace isokin::report
