// Index of this file:
//   [SECTION] Loading (background reads, drops, the file dialog)
//   [SECTION] Sidebar (sessions, trials, subject, messages)
//   [SECTION] Panels (tabs)
#include "gui/review/review_view.hpp"

#include <imgui.h>

#include <array>
#include <chrono>
#include <cmath>

#include "model/error.hpp"

namespace isokin::gui {
namespace {
constexpr std::array<const char*, 5> kPanelNames{"trial", "hq", "fatigue", "bilateral", "progress"};
constexpr std::array<const char*, 5> kPanelTitles{"Trial", "H:Q", "Fatigue", "Left vs right", "Progress"};
}  // namespace

ReviewView::ReviewView() = default;
ReviewView::~ReviewView() {
  for (auto& p : pending_) p.result.wait();  // a worker still reading must not outlive us
}

// -----------------------------------------------------------------------------
// [SECTION] Loading
// -----------------------------------------------------------------------------

void ReviewView::open(const std::filesystem::path& file) {
  for (const auto& s : sessions_)
    if (s->file == file) return;  // already open
  pending_.push_back({file, std::async(std::launch::async, [file] { return load_review_session(file); })});
}

void ReviewView::add_session(std::unique_ptr<ReviewSession> session) {
  sessions_.push_back(std::move(session));
  states_.push_back(std::make_unique<SessionState>());
  current_session_ = sessions_.size() - 1;
  current_trial_ = 0;
}

void ReviewView::poll_loads() {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      ++it;
      continue;
    }
    try {
      add_session(it->result.get());
    } catch (const std::exception& e) {
      errors_.push_back(e.what());
    }
    it = pending_.erase(it);
  }
}

void ReviewView::show_file_dialog() {
  std::error_code ec;
  auto start = sessions_.empty() || sessions_[current_session_]->file.empty()
                   ? std::filesystem::current_path(ec)
                   : sessions_[current_session_]->file.parent_path();
  dialog_.open(start);
}

void ReviewView::select_panel(const std::string& name) {
  for (std::size_t i = 0; i < kPanelNames.size(); ++i)
    if (name == kPanelNames[i]) {
      requested_panel_ = static_cast<int>(i);
      request_frames_ = 3;
      return;
    }
  throw InputError("--view: '" + name + "' is not a view (trial, hq, fatigue, bilateral, progress, live)");
}

// -----------------------------------------------------------------------------
// [SECTION] Sidebar
// -----------------------------------------------------------------------------

void ReviewView::draw_sidebar() {
  if (ImGui::Button("Open session...")) show_file_dialog();
  ImGui::SameLine();
  ImGui::TextDisabled("(or drop .h5 files here)");
  for (const auto& p : pending_) ImGui::TextDisabled("loading %s ...", p.file.filename().c_str());
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextColored({1, 0.45f, 0.4f, 1}, "%s", errors_[i].c_str());
    ImGui::PopID();
  }
  ImGui::Separator();
  for (std::size_t s = 0; s < sessions_.size(); ++s) {
    const auto& session = *sessions_[s];
    ImGui::PushID(static_cast<int>(s));
    ImGui::SetNextItemOpen(s == current_session_, ImGuiCond_Always);
    const std::string header = session.name + "  " + session.info.date;
    if (ImGui::CollapsingHeader(header.c_str())) {
      if (s != current_session_) {
        current_session_ = s;
        current_trial_ = 0;
      }
      for (std::size_t t = 0; t < session.trials.size(); ++t) {
        const auto& info = session.trials[t]->trial.info;
        const std::string label = info.id + "  (" + std::to_string(session.trials[t]->trial.samples.size()) + ")";
        if (ImGui::Selectable(label.c_str(), s == current_session_ && t == current_trial_)) current_trial_ = t;
      }
    } else if (s == current_session_ && ImGui::IsItemClicked()) {
      current_session_ = sessions_.size();  // collapsed by the user: none open
    }
    ImGui::PopID();
  }
  if (current_session_ >= sessions_.size()) return;
  const auto& session = *sessions_[current_session_];
  ImGui::Separator();
  ImGui::Text("Subject %s", session.info.subject.id.c_str());
  if (std::isfinite(session.info.subject.body_mass_kg)) ImGui::Text("Body mass %.1f kg", session.info.subject.body_mass_kg);
  if (!session.info.protocol.empty()) ImGui::Text("Protocol %s", session.info.protocol.c_str());
  std::size_t messages = session.analysis.messages.size();
  for (const auto& t : session.analysis.trials) messages += t.messages.size();
  if (messages > 0 && ImGui::TreeNode("msgs", "Analysis messages (%zu)", messages)) {
    const auto show = [](const analysis::Message& m) {
      const ImVec4 color = m.severity == analysis::Severity::error     ? ImVec4{1, 0.4f, 0.4f, 1}
                           : m.severity == analysis::Severity::warning ? ImVec4{1, 0.75f, 0.3f, 1}
                                                                       : ImGui::GetStyleColorVec4(ImGuiCol_Text);
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(color, "%s%s%s", m.trial_id.c_str(), m.trial_id.empty() ? "" : ": ", m.text.c_str());
      ImGui::PopTextWrapPos();
    };
    for (const auto& m : session.analysis.messages) show(m);
    for (const auto& t : session.analysis.trials)
      for (const auto& m : t.messages) show(m);
    ImGui::TreePop();
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Panels
// -----------------------------------------------------------------------------

void ReviewView::draw_panels() {
  if (current_session_ >= sessions_.size()) {
    ImGui::TextDisabled("Open a session file (File > Open, a path on the command line, or drop it on the window).");
    return;
  }
  const auto& session = *sessions_[current_session_];
  auto& state = *states_[current_session_];
  const ReviewTrial* trial = current_trial_ < session.trials.size() ? session.trials[current_trial_].get() : nullptr;
  if (!ImGui::BeginTabBar("review-panels")) return;
  for (std::size_t i = 0; i < kPanelNames.size(); ++i) {
    const ImGuiTabItemFlags flags =
        request_frames_ > 0 && requested_panel_ == static_cast<int>(i) ? ImGuiTabItemFlags_SetSelected : 0;
    if (!ImGui::BeginTabItem(kPanelTitles[i], nullptr, flags)) continue;
    switch (i) {
      case 0:
        if (trial != nullptr) draw_trial_panel(*trial, state.trial);
        else ImGui::TextDisabled("This session has no trials.");
        break;
      case 1: draw_hq_panel(session, state.hq); break;
      case 2: draw_fatigue_panel(session, trial, state.fatigue); break;
      case 3: draw_bilateral_panel(session, state.bilateral); break;
      default: draw_progress_panel(sessions_, session, state.progress); break;
    }
    ImGui::EndTabItem();
  }
  if (request_frames_ > 0) --request_frames_;
  ImGui::EndTabBar();
}

void ReviewView::draw() {
  poll_loads();
  const float sidebar = std::min(ImGui::GetContentRegionAvail().x * 0.28f, ImGui::GetFontSize() * 20);
  ImGui::BeginChild("review-sidebar", {sidebar, 0}, true);
  draw_sidebar();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("review-panels", {0, 0});
  draw_panels();
  ImGui::EndChild();
  std::filesystem::path chosen;
  if (dialog_.draw(chosen)) open(chosen);
}

}  // namespace isokin::gui
