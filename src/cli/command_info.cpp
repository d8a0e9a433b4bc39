// `isokin info FILE.h5`: what a session file holds (subject, date, trials with side,
// mode, velocity, samples, duration, link counts), without reading the samples.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <string>

#include "cli/command.hpp"
#include "store/session_store.hpp"

namespace isokin::cli {
namespace {

std::string velocity_text(const TrialInfo& info) {
  if (info.mode == TestMode::isometric) return "-";
  if (info.velocity_ext_deg_s == info.velocity_flex_deg_s) return fmt::format("{:g}", info.velocity_ext_deg_s);
  return fmt::format("{:g}/{:g}", info.velocity_ext_deg_s, info.velocity_flex_deg_s);
}

std::string counts_text(const store::TrialSummary& t) {
  const LinkCounts& c = t.info.counts;
  if (c.corrupt_frames + c.lost_frames + c.lost_samples + c.unknown_frames + c.reconnects == 0 && t.info.gaps.empty())
    return "clean";
  return fmt::format("corrupt {} lost frames {} lost samples {} unknown {} reconnects {} gaps {}", c.corrupt_frames,
                     c.lost_frames, c.lost_samples, c.unknown_frames, c.reconnects, t.info.gaps.size());
}

void run_info(const std::string& file) {
  const SessionInfo session = store::read_session_info(file);
  const auto trials = store::list_trials(file);
  fmt::print("{}\n", file);
  fmt::print("  subject   {}", session.subject.id.empty() ? "(none)" : session.subject.id);
  if (!std::isnan(session.subject.body_mass_kg)) fmt::print(" ({:g} kg)", session.subject.body_mass_kg);
  fmt::print("\n  date      {}\n", session.date.empty() ? "(none)" : session.date);
  if (!session.protocol.empty()) fmt::print("  protocol  {}\n", session.protocol);
  if (!session.notes.empty()) fmt::print("  notes     {}\n", session.notes);
  fmt::print("  trials    {}\n", trials.size());
  if (trials.empty()) return;
  std::size_t id_width = 2;
  for (const auto& t : trials) id_width = std::max(id_width, t.info.id.size());
  fmt::print("  {:<{}}  {:<5}  {:<9}  {:>9}  {:>9}  {:>9}  {:>9}  {}\n", "id", id_width, "side", "mode", "deg/s",
             "samples", "duration", "rate Hz", "link");
  for (const auto& t : trials) {
    const double duration_s = t.last_time_s - t.first_time_s;
    const double rate = t.info.measured_rate_hz > 0 ? t.info.measured_rate_hz : t.info.sample_rate_hz;
    fmt::print("  {:<{}}  {:<5}  {:<9}  {:>9}  {:>9}  {:>8.2f}s  {:>9.6g}  {}{}\n", t.info.id, id_width,
               to_string(t.info.side), to_string(t.info.mode), velocity_text(t.info), t.sample_count, duration_s, rate,
               counts_text(t), t.unfinished ? "  [unfinished: still recording, or cut short]" : "");
  }
}

void setup(CLI::App& isokin) {
  auto file = std::make_shared<std::string>();
  auto* cmd = isokin.add_subcommand("info", "Show a session file's subject, date and trials");
  cmd->add_option("FILE", *file, "Session file (HDF5)")->required();
  cmd->callback([file] { run_info(*file); });
}

const CommandRegistration registration{"info", &setup};

}  // namespace
}  // namespace isokin::cli
