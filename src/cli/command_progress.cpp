// `isokin progress FILE.h5 ...`: one subject's sessions in date order with peak
// torque, H:Q and limb symmetry index at one speed, for the rehab follow-up; -o adds
// a plot (PDF page, PNG or SVG).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "batch/session_job.hpp"
#include "cli/analysis_flags.hpp"
#include "catalog/person_sessions.hpp"
#include "cli/command.hpp"
#include "cli/option_ranges.hpp"
#include "cli/output_names.hpp"
#include "cli/input_files.hpp"
#include "model/error.hpp"
#include "report/progress_report.hpp"
#include "store/file_replace.hpp"
#include "report/wording.hpp"

namespace isokin::cli {
namespace {

struct ProgressArgs {
  std::vector<std::string> files;
  catalog::PersonSelection person;  // --person ID [--catalog ...]: the files come from the catalogue
  std::string out;
  double velocity_deg_s = analysis::kNaN;
  bool force_subjects = false;
  bool force = false;
  batch::AnalysisFlags analysis;
};

bool has_concentric_peak(const report::ProgressPoint& p) {
  return std::isfinite(p.quadriceps_left_nm) || std::isfinite(p.quadriceps_right_nm) ||
         std::isfinite(p.hamstrings_left_nm) || std::isfinite(p.hamstrings_right_nm);
}

// "60, 180 deg/s" or "no concentric set".
std::string concentric_speeds(const std::vector<analysis::SessionAnalysis>& sessions) {
  std::set<long> speeds;
  for (const auto& s : sessions)
    for (const auto& t : s.trials)
      for (const auto& e : t.efforts)
        if (e.contraction == Contraction::concentric && std::isfinite(e.velocity_deg_s))
          speeds.insert(std::lround(e.velocity_deg_s));
  if (speeds.empty()) return "no concentric set";
  return fmt::format("{} deg/s", fmt::join(speeds, ", "));
}

void run_progress(const ProgressArgs& args) {
  namespace fs = std::filesystem;
  if (!args.out.empty() && fs::exists(args.out) && !args.force) {
    throw InputError(args.out + ": exists already (use --force to overwrite)");
  }
  auto options = batch::analysis_options(args.analysis);
  const auto files = catalog::files_or_person_sessions(args.files, args.person, options);
  struct Item {
    std::string file, date;
    analysis::SessionAnalysis analysis;
  };
  std::vector<Item> items;
  std::set<std::string> subjects;
  for (const auto& file : distinct_inputs(files)) {
    auto analysed = batch::read_and_analyze(file, options);
    subjects.insert(analysed.session.info.subject.id);
    items.push_back({file, analysed.session.info.date, std::move(analysed.analysis)});
  }
  if (subjects.size() > 1 && !args.force_subjects) {
    std::string list;
    for (const auto& s : subjects) list += (list.empty() ? "" : ", ") + s;
    throw InputError(fmt::format("the files belong to {} subjects ({}); progress follows one subject "
                                 "(use --force-subjects to plot them together anyway)",
                                 subjects.size(), list));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return std::tie(a.date, a.file) < std::tie(b.date, b.file); });
  // One limb for the whole series: where the involved side is not given, the first
  // session's reference side is kept in every session (never switched).
  {
    std::vector<analysis::SessionAnalysis*> series;
    for (auto& item : items) series.push_back(&item.analysis);
    report::keep_one_reference_side(series);
  }
  double velocity = args.velocity_deg_s;
  if (!std::isfinite(velocity)) {
    std::vector<analysis::SessionAnalysis> all;
    for (const auto& item : items) all.push_back(item.analysis);
    velocity = report::default_progress_velocity(all);
    if (!std::isfinite(velocity)) throw InputError("no concentric set in these sessions: nothing to follow");
  }
  std::vector<report::ProgressPoint> points;
  for (const auto& item : items) points.push_back(report::progress_point(item.file, item.date, item.analysis, velocity));
  if (std::none_of(points.begin(), points.end(), has_concentric_peak)) {
    // A query that matches nothing says so (exit 1) instead of printing a table of dashes.
    std::vector<analysis::SessionAnalysis> all;
    for (const auto& item : items) all.push_back(item.analysis);
    throw Error(fmt::format("no session has a concentric set at {:g} deg/s (the sessions have {})", velocity,
                            concentric_speeds(all)));
  }
  fmt::print("{}", report::progress_table_text(points, velocity));
  if (!args.out.empty()) {
    const std::string ext = fs::path(args.out).extension().string();
    const auto format = report::parse_image_format(ext == ".png" ? "png" : ext == ".svg" ? "svg" : "pdf");
    // Drawn beside the target and renamed over it once whole.
    store::TempFileBeside temp(args.out);
    report::write_progress_plot(temp.path(), format, points, velocity, program_version());
    temp.commit();
    fmt::print("{}\n", args.out);
  }
}

void setup(CLI::App& isokin) {
  auto args = std::make_shared<ProgressArgs>();
  auto* cmd = isokin.add_subcommand(
      "progress",
      "Rehab follow-up: one subject's sessions in date order with peak torque, H:Q and limb symmetry index per "
      "session, as a table and (-o) a plot");
  cmd->add_option("FILES", args->files, "Session files (HDF5) of one subject")->check(CLI::ExistingFile);
  catalog::add_person_options(*cmd, args->person);
  cmd->add_option("-o,--out", args->out, "Also draw the plot: progress.pdf, .png or .svg")
      ->check(output_extension({".pdf", ".png", ".svg"}));
  cmd->add_option("--velocity", args->velocity_deg_s,
                  "Speed to follow, deg/s (default: 60 if tested, else the slowest concentric speed)")
      ->check(range(kVelocityDegS));
  cmd->add_flag("--force-subjects", args->force_subjects, "Accept files of different subjects");
  add_analysis_flags(cmd, args->analysis);
  cmd->add_flag("--force", args->force, "Overwrite an existing plot file");
  cmd->callback([args] { run_progress(*args); });
}

const CommandRegistration registration{"progress", &setup};

}  // namespace
}  // namespace isokin::cli
