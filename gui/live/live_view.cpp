// Index of this file:
//   [SECTION] Construction and connection
//   [SECTION] Device, HELLO and test set-up
//   [SECTION] Start/Stop and shortcuts
//   [SECTION] Link health and repetitions
//   [SECTION] Live traces
//   [SECTION] Test run: protocol choice, trial set-up, prompts, redo, report
#include "gui/live/live_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>

#include "gui/live/device_list.hpp"
#include "gui/live/run_report.hpp"
#include "recording/protocol_plan.hpp"
#include "gui/plot/plot_style.hpp"

namespace isokin::gui {
namespace {

template <std::size_t N>
void copy_text(std::array<char, N>& dst, const std::string& src) {
  std::strncpy(dst.data(), src.c_str(), N - 1);
  dst[N - 1] = '\0';
}

constexpr double kWindowS = 10.0;  // seconds of live trace on screen

}  // namespace

// -----------------------------------------------------------------------------
// [SECTION] Construction and connection
// -----------------------------------------------------------------------------

LiveView::LiveView(std::string device_uri, std::filesystem::path record_file)
    : session_(std::make_unique<LiveSession>()), devices_(candidate_device_uris()) {
  protocol_files_ = protocol_files();
  copy_text(uri_, device_uri.empty() ? "sim://" : device_uri);
  copy_text(subject_, setup_.subject_id);
  if (record_file.empty()) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char name[64];
    std::strftime(name, sizeof name, "isokin-%Y%m%d-%H%M%S.h5", &tm);
    record_file = name;
  }
  copy_text(file_, record_file.string());
}

LiveView::~LiveView() = default;

void LiveView::connect(bool start_when_connected) {
  start_when_connected_ = start_when_connected;
  session_->connect(uri_.data());
  snap_ = session_->snapshot();
}

bool LiveView::connecting() const {
  // A headless run (screenshot) waits for the connection and, if asked, the start.
  return snap_.phase == LivePhase::connecting || start_when_connected_;
}

void LiveView::start() {
  if (run_) {
    start_run_trial();
    return;
  }
  setup_.subject_id = subject_.data();
  setup_.file = file_.data();
  rep_numbers_.clear();
  rep_peaks_nm_.clear();
  seen_reps_ = 0;
  rep_peak_nm_ = 0;
  seen_total_ = session_->feed().total();
  torque_plot_.fit_y = channels_plot_.fit_y = true;
  session_->start(setup_);
}

// -----------------------------------------------------------------------------
// [SECTION] Device, HELLO and test set-up
// -----------------------------------------------------------------------------

void LiveView::draw_device(const LiveSnapshot& snap) {
  ImGui::TextUnformatted("Device");
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##devices", uri_.data())) {
    for (const auto& d : devices_)
      if (ImGui::Selectable(d.c_str(), d == uri_.data())) copy_text(uri_, d);
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputText("##uri", uri_.data(), uri_.size());
  const bool busy = snap.phase == LivePhase::connecting || snap.phase == LivePhase::recording;
  ImGui::BeginDisabled(busy);
  if (ImGui::Button("Connect")) connect(false);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Rescan")) devices_ = candidate_device_uris();
  if (snap.hello) {
    const auto& h = *snap.hello;
    ImGui::Text("%s  serial %s  firmware %s", h.model.c_str(), h.serial.c_str(), h.firmware.c_str());
    ImGui::Text("%.0f Hz", h.rate_hz);
    if (h.max_velocity_deg_s) {
      ImGui::SameLine();
      ImGui::Text("  max %.0f deg/s", *h.max_velocity_deg_s);
    }
  }
}

void LiveView::draw_setup(const LiveSnapshot& snap) {
  ImGui::Separator();
  draw_protocol_choice(snap);
  if (run_) {
    draw_run(snap);
    return;
  }
  ImGui::TextUnformatted("Test set-up");
  ImGui::BeginDisabled(snap.phase == LivePhase::recording);
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  ImGui::InputText("subject", subject_.data(), subject_.size());
  ImGui::InputDouble("body mass kg", &setup_.body_mass_kg, 1, 5, "%.1f");
  if (protocol_) {  // the protocol sets the trials
    ImGui::PopItemWidth();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText("##file", file_.data(), file_.size());
    ImGui::TextDisabled("new session file for the test run");
    ImGui::EndDisabled();
    ImGui::BeginDisabled(!snap.hello || snap.phase == LivePhase::recording);
    if (ImGui::Button("Begin test run [Enter]", {-FLT_MIN, 0})) begin_run();
    ImGui::EndDisabled();
    return;
  }
  int side = setup_.side == Side::left ? 0 : 1;
  if (ImGui::Combo("side", &side, "left\0right\0")) setup_.side = side == 0 ? Side::left : Side::right;
  static constexpr TestMode kModes[] = {TestMode::con_con, TestMode::ecc_ecc, TestMode::con_ecc, TestMode::isometric,
                                        TestMode::passive};
  int mode = 0;
  for (int i = 0; i < 5; ++i)
    if (kModes[i] == setup_.mode) mode = i;
  if (ImGui::Combo("mode", &mode, "con-con\0ecc-ecc\0con-ecc\0isometric\0passive\0")) setup_.mode = kModes[mode];
  ImGui::InputDouble("extension deg/s", &setup_.velocity_ext_deg_s, 30, 60, "%.0f");
  ImGui::InputDouble("flexion deg/s", &setup_.velocity_flex_deg_s, 30, 60, "%.0f");
  ImGui::InputInt("repetitions", &setup_.reps);
  setup_.reps = std::max(0, setup_.reps);
  ImGui::InputDouble("rest s", &rest_s_, 15, 60, "%.0f");
  rest_s_ = std::clamp(rest_s_, 0.0, 3600.0);
  ImGui::PopItemWidth();
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputText("##file", file_.data(), file_.size());
  ImGui::TextDisabled("session file (each recording adds a trial)");
  ImGui::EndDisabled();
}

// -----------------------------------------------------------------------------
// [SECTION] Start/Stop and shortcuts
// -----------------------------------------------------------------------------

void LiveView::draw_controls(const LiveSnapshot& snap) {
  ImGui::Separator();
  const bool can_start = snap.hello.has_value() && snap.phase != LivePhase::recording &&
                         snap.phase != LivePhase::connecting &&
                         (run_ ? run_->step() == RunStep::ready : !protocol_);
  const bool recording = snap.phase == LivePhase::recording;
  const float w = ImGui::GetContentRegionAvail().x * 0.5f - 4;
  const float h = ImGui::GetFrameHeight() * 1.6f;
  ImGui::BeginDisabled(!can_start);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4{0.18f, 0.55f, 0.25f, 1});
  if (ImGui::Button("Start [Space]", {w, h})) start();
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!recording);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4{0.65f, 0.2f, 0.18f, 1});
  if (ImGui::Button("Stop [Esc]", {w, h})) session_->stop();
  ImGui::PopStyleColor();
  ImGui::EndDisabled();

  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
      if (recording) session_->stop();
      else if (can_start) start();
    }
    if (recording && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) session_->stop();
    // Enter: the test run's prompt (begin, athlete positioned).
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) {
      if (run_ && run_->step() == RunStep::position) run_->confirm();
      else if (!run_ && protocol_ && snap.hello && !recording) begin_run();
    }
  }
  const ImVec4 color = snap.phase == LivePhase::error       ? ImVec4{1, 0.4f, 0.35f, 1}
                       : snap.phase == LivePhase::recording ? ImVec4{0.4f, 0.9f, 0.45f, 1}
                                                            : ImGui::GetStyleColorVec4(ImGuiCol_Text);
  ImGui::TextColored(color, "%s", snap.last_failed && snap.phase == LivePhase::error
                                       ? "device fault"
                                       : std::string(to_string(snap.phase)).c_str());
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(snap.message.c_str());
  ImGui::PopTextWrapPos();
}

// -----------------------------------------------------------------------------
// [SECTION] Link health and repetitions
// -----------------------------------------------------------------------------

void LiveView::draw_rest() {
  if (run_ && (run_->rest_total_s() <= 0 || run_->step() == RunStep::finished)) return;
  if (seen_recordings_ == 0 || snap_.phase == LivePhase::recording || rest_s_ <= 0) return;
  const double left_s = run_ ? run_->rest_left_s()
                             : std::chrono::duration<double>(rest_until_ - std::chrono::steady_clock::now()).count();
  if (left_s > 0) {
    const int s = static_cast<int>(std::ceil(left_s));
    ImGui::TextUnformatted("Rest");
    ImGui::SameLine();
    ImGui::SetWindowFontScale(1.6f);
    ImGui::TextColored({1, 0.75f, 0.3f, 1}, "%d:%02d", s / 60, s % 60);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("before the next set");
  } else {
    ImGui::TextColored({0.4f, 0.9f, 0.45f, 1}, "Rest over: ready for the next set");
  }
}

void LiveView::update_repetitions() {
  const auto& feed = session_->feed();
  const std::size_t total = feed.total();
  const auto status = feed.status();
  const double rate = status.nominal_rate_hz > 0 ? status.nominal_rate_hz : 1000;
  feed.copy_latest(live_, static_cast<std::size_t>(std::min(30'000.0, rate * kWindowS)));
  const std::size_t fresh = std::min(total - std::min(total, seen_total_), live_.size());
  for (std::size_t i = live_.size() - fresh; i < live_.size(); ++i)
    rep_peak_nm_ = std::max(rep_peak_nm_, std::fabs(live_.torque_nm[i]));
  seen_total_ = total;
  if (snap_.phase == LivePhase::recording) {
    while (seen_reps_ < status.repetitions) {
      ++seen_reps_;
      rep_numbers_.push_back(seen_reps_);
      rep_peaks_nm_.push_back(rep_peak_nm_);
      rep_peak_nm_ = 0;
    }
  }
}

void LiveView::draw_health(const LiveSnapshot& snap) {
  ImGui::Separator();
  const auto status = session_->feed().status();
  const bool recording = snap.phase == LivePhase::recording;
  ImGui::Text("Repetitions");
  ImGui::SameLine();
  ImGui::SetWindowFontScale(1.6f);
  const int reps = run_ ? run_->current().trial.reps : setup_.reps;
  if (reps > 0) ImGui::Text("%d / %d", recording ? status.repetitions : seen_reps_, reps);
  else ImGui::Text("%d", recording ? status.repetitions : seen_reps_);
  ImGui::SetWindowFontScale(1.0f);
  ImGui::TextUnformatted("Link");
  // Gone or silent for a second: count down to the reconnect timeout, offer to stop now.
  if (recording && (!status.link_up || status.silent_s >= 1.0)) {
    ImGui::SameLine();
    ImGui::TextColored({1, 0.6f, 0.2f, 1}, "%s %.0f s", status.link_up ? "silent" : "gone, reconnecting:",
                       status.silent_s);
    if (status.reconnect_timeout_s > 0) {
      ImGui::TextColored({1, 0.6f, 0.2f, 1}, "the set ends in %.0f s with what was recorded",
                         std::max(0.0, status.reconnect_timeout_s - status.silent_s));
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Stop now")) session_->stop();
  }
  ImGui::Text("rate %.1f Hz measured, %.0f Hz nominal", status.measured_rate_hz, status.nominal_rate_hz);
  const auto& c = status.counts;
  ImGui::Text("samples %llu   queue %zu", static_cast<unsigned long long>(c.samples), status.queue_depth);
  const bool trouble = c.corrupt_frames + c.lost_frames + c.lost_samples + c.reconnects > 0;
  ImGui::TextColored(trouble ? ImVec4{1, 0.7f, 0.3f, 1} : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                     "corrupt %llu  lost frames %llu  lost samples %llu  reconnects %llu",
                     static_cast<unsigned long long>(c.corrupt_frames), static_cast<unsigned long long>(c.lost_frames),
                     static_cast<unsigned long long>(c.lost_samples), static_cast<unsigned long long>(c.reconnects));
}

// -----------------------------------------------------------------------------
// [SECTION] Live traces
// -----------------------------------------------------------------------------

void LiveView::draw_traces() {
  const float h = ImGui::GetContentRegionAvail().y;
  if (!live_.empty()) {
    const double t_end = live_.time_s.back();
    const AxisRange window{std::max(live_.time_s.front(), t_end - kWindowS), std::max(t_end, live_.time_s.front() + 1)};
    torque_plot_.x = channels_plot_.x = window;
    torque_plot_.fit_x = channels_plot_.fit_x = false;
  }
  {
    Plot plot("live-torque", torque_plot_, {0, h * 0.42f}, {"time", "s", "torque", "N·m"});
    plot.line("torque", series_color(0), live_.time_s, live_.torque_nm);
    plot.end();
  }
  {
    Plot plot("live-angle-velocity", channels_plot_, {0, h * 0.3f}, {"time", "s", "angle, velocity", "deg, deg/s"});
    plot.line("angle (deg)", series_color(1), live_.time_s, live_.angle_deg);
    plot.line("velocity (deg/s)", series_color(2), live_.time_s, live_.velocity_deg_s);
    plot.end();
  }
  std::vector<Bar> bars;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < rep_peaks_nm_.size(); ++i) {
    char text[24];
    std::snprintf(text, sizeof text, "%.0f", rep_peaks_nm_[i]);
    bars.push_back({static_cast<double>(i), rep_peaks_nm_[i], 0.6, series_color(3), text});
    names.push_back(std::to_string(static_cast<int>(rep_numbers_[i])));
  }
  Plot plot("live-rep-peaks", peaks_plot_, {0, 0}, {"repetition", "", "peak |torque|", "N·m"});
  plot.title("peak of each repetition as it ends (raw; the review shows the analysis)");
  plot.x_categories(names.empty() ? std::vector<std::string>{"1"} : names);
  plot.bars("", std::move(bars));  // the title says what the bars are
  plot.end();
}

void LiveView::draw() {
  snap_ = session_->snapshot();
  if (start_when_connected_ && snap_.phase != LivePhase::connecting) {
    start_when_connected_ = false;
    if (snap_.phase == LivePhase::connected) {
      if (protocol_) begin_run();  // a test run begins at its first prompt
      else start();
    }
  }
  if (run_) run_->observe(snap_);
  if (snap_.recordings > seen_recordings_) {
    seen_recordings_ = snap_.recordings;
    rest_until_ = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<long long>(rest_s_ * 1000));
    if (on_recorded_) on_recorded_(snap_.last_file);
  }
  update_repetitions();
  const float side = std::min(ImGui::GetContentRegionAvail().x * 0.32f, ImGui::GetFontSize() * 24);
  ImGui::BeginChild("live-controls", {side, 0}, true);
  draw_device(snap_);
  draw_setup(snap_);
  draw_controls(snap_);
  draw_rest();
  draw_health(snap_);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("live-traces", {0, 0});
  draw_traces();
  ImGui::EndChild();
}

void LiveView::set_subject(const std::string& subject_id, double body_mass_kg, InvolvedSide involved,
                           const std::string& person_name) {
  setup_.subject_id = subject_id;
  copy_text(subject_, subject_id);
  if (body_mass_kg > 0) setup_.body_mass_kg = body_mass_kg;
  involved_ = involved;
  person_name_ = person_name;
}

// -----------------------------------------------------------------------------
// [SECTION] Test run
// -----------------------------------------------------------------------------

void LiveView::choose_protocol(const std::filesystem::path& file) {
  protocol_error_.clear();
  protocol_.reset();
  protocol_file_ = file;
  if (file.empty()) return;
  try {
    protocol_ = load_test_protocol(file);
  } catch (const std::exception& e) {
    protocol_error_ = e.what();
  }
}

void LiveView::draw_protocol_choice(const LiveSnapshot& snap) {
  ImGui::TextUnformatted("Protocol");
  ImGui::BeginDisabled(run_ != nullptr || snap.phase == LivePhase::recording);
  ImGui::SetNextItemWidth(-FLT_MIN);
  const std::string current = protocol_file_.empty() ? "none: one set per Start" : protocol_file_.stem().string();
  if (ImGui::BeginCombo("##protocol", current.c_str())) {
    if (ImGui::Selectable("none: one set per Start", protocol_file_.empty())) choose_protocol({});
    for (const auto& f : protocol_files_)
      if (ImGui::Selectable(f.stem().string().c_str(), f == protocol_file_)) choose_protocol(f);
    ImGui::EndCombo();
  }
  ImGui::EndDisabled();
  if (!protocol_error_.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({1, 0.4f, 0.35f, 1}, "%s", protocol_error_.c_str());
    ImGui::PopTextWrapPos();
  }
  if (protocol_ && !run_) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", protocol_->description.c_str());
    ImGui::PopTextWrapPos();
    for (std::size_t i = 0; i < protocol_->trials.size(); ++i)
      ImGui::BulletText("%s", describe(protocol_->trials[i]).c_str());
    ImGui::Spacing();
  }
}

void LiveView::begin_run() {
  if (!protocol_) return;
  RunSubject subject;
  subject.subject_id = subject_.data();
  subject.body_mass_kg = setup_.body_mass_kg;
  subject.involved = involved_;
  subject.file = file_.data();
  subject.rest_scale = recording::rest_scale(snap_.uri);
  subject.reconnect_timeout_s = setup_.reconnect_timeout_s;
  try {
    run_ = std::make_unique<ProtocolRun>(*protocol_, subject);
    protocol_error_.clear();
    report_message_.clear();
  } catch (const std::exception& e) {
    protocol_error_ = e.what();
  }
}

void LiveView::start_run_trial() {
  const auto setup = run_->start(snap_);
  if (!setup) return;
  setup_.reps = setup->reps;
  rep_numbers_.clear();
  rep_peaks_nm_.clear();
  seen_reps_ = 0;
  rep_peak_nm_ = 0;
  seen_total_ = session_->feed().total();
  torque_plot_.fit_y = channels_plot_.fit_y = true;
  session_->start(*setup);
}

void LiveView::draw_run(const LiveSnapshot& snap) {
  const auto& run = *run_;
  ImGui::Text("Test run: %s, %s", run.protocol().name.c_str(), run.subject().subject_id.c_str());
  ImGui::TextDisabled("into %s, involved side %s", run.subject().file.string().c_str(),
                      std::string(to_string(run.subject().involved)).c_str());
  for (std::size_t i = 0; i < run.trials().size(); ++i) {
    const bool current = i == run.current_index() && run.step() != RunStep::finished;
    const ImVec4 color = run.recorded(i) ? ImVec4{0.4f, 0.9f, 0.45f, 1}
                         : current       ? ImVec4{1, 0.75f, 0.3f, 1}
                                         : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    ImGui::TextColored(color, "%s %zu  %s", run.recorded(i) ? "done" : current ? " >> " : "    ", i + 1,
                       describe(run.trials()[i].trial).c_str());
  }
  ImGui::Separator();
  if (run.step() == RunStep::finished) {
    draw_run_finished();
  } else {
    const auto& t = run.current().trial;
    ImGui::Text("Trial %zu of %zu: %s", run.current_index() + 1, run.trials().size(), run.current().plan.id.c_str());
    ImGui::SetWindowFontScale(1.3f);
    ImGui::TextColored({1, 0.75f, 0.3f, 1}, "%s leg", std::string(to_string(t.side)).c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextUnformatted(describe(t).c_str());
    if (run.recorded(run.current_index())) ImGui::TextColored({1, 0.6f, 0.2f, 1}, "recorded again, replacing it");
    if (run.step() == RunStep::position) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored({0.55f, 0.75f, 1, 1}, "%s", run.prompt().c_str());
      ImGui::PopTextWrapPos();
      ImGui::PushStyleColor(ImGuiCol_Button, ImVec4{0.2f, 0.4f, 0.75f, 1});
      if (ImGui::Button(run.weigh_limb() ? "Positioned, limb relaxed [Enter]" : "Repositioned [Enter]", {-FLT_MIN, 0}))
        run_->confirm();
      ImGui::PopStyleColor();
    }
  }
  ImGui::BeginDisabled(!run.can_redo() || snap.phase == LivePhase::recording);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4{0.7f, 0.45f, 0.1f, 1});
  if (ImGui::Button("Redo trial")) run_->redo();
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(snap.phase == LivePhase::recording);
  if (ImGui::Button("End run")) run_.reset();
  ImGui::EndDisabled();
}

void LiveView::draw_run_finished() {
  const auto& run = *run_;
  ImGui::TextColored({0.4f, 0.9f, 0.45f, 1}, "Test complete: %zu trials", run.recorded_count());
  ImGui::TextDisabled("the analysis is in the Review tab");
  if (ImGui::Button("Show analysis") && on_show_analysis_) on_show_analysis_(run.subject().file);
  ImGui::BeginDisabled(person_name_.empty());
  ImGui::Checkbox("name in the report header", &name_in_report_);
  ImGui::EndDisabled();
  if (person_name_.empty()) ImGui::TextDisabled("(no name in the catalogue for this person)");
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4{0.5f, 0.3f, 0.7f, 1});
  if (ImGui::Button("Report", {-FLT_MIN, ImGui::GetFrameHeight() * 1.4f})) {
    try {
      report_message_ = "wrote " + write_run_report(run.subject().file, name_in_report_ ? person_name_ : "").string();
    } catch (const std::exception& e) {
      report_message_ = std::string("no report: ") + e.what();
    }
  }
  ImGui::PopStyleColor();
  if (!report_message_.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(report_message_.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace isokin::gui
