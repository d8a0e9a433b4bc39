// Index of this file:
//   [SECTION] Construction (views, first tab)
//   [SECTION] Frame (full-window layout, tabs)
//   [SECTION] Menu bar and status bar
#include "gui/app/main_window.hpp"

#include <imgui.h>

#include "gui/athletes/athletes_view.hpp"
#include "gui/live/live_view.hpp"
#include "gui/plot/plot_export.hpp"
#include "gui/review/review_view.hpp"

namespace isokin::gui {

// -----------------------------------------------------------------------------
// [SECTION] Construction
// -----------------------------------------------------------------------------

MainWindow::MainWindow(const MainWindowOptions& options)
    : review_(std::make_unique<ReviewView>()),
      live_(std::make_unique<LiveView>(options.device_uri, options.record_file)),
      athletes_(std::make_unique<AthletesView>(std::string())),
      theme_(options.theme),
      scale_(options.scale) {
  show_live_first_ = options.view == "live" || (!options.device_uri.empty() && options.view.empty());
  show_athletes_first_ = options.view == "athletes";
  if (!options.person.empty()) athletes_->choose(options.person);
  if (!options.view.empty() && options.view != "live" && options.view != "athletes") review_->select_panel(options.view);
  if (!options.protocol.empty()) live_->choose_protocol(options.protocol);
  if (!options.device_uri.empty()) live_->connect(options.start);
  // A finished recording opens in the review at once, with its analysis.
  live_->on_recorded([this](const std::filesystem::path& file) {
    review_->open(file);
    athletes_->add_recorded(file);
  });
  live_->on_show_analysis([this](const std::filesystem::path& file) {
    review_->open(file);
    select_tab_ = "Review";
  });
  athletes_->on_open_session([this](const std::filesystem::path& file) {
    review_->open(file);
    select_tab_ = "Review";
  });
}

MainWindow::~MainWindow() = default;

void MainWindow::open(const std::filesystem::path& file) { review_->open(file); }

bool MainWindow::busy() const { return review_->loading() || live_->connecting(); }

// -----------------------------------------------------------------------------
// [SECTION] Frame
// -----------------------------------------------------------------------------

void MainWindow::draw() {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("isokin", nullptr, flags);
  review_->poll_loads();
  // The person chosen in Athletes is the one the Live tab records (id and latest body mass).
  if (const auto* person = athletes_->selected(); person && person->id != live_subject_) {
    live_subject_ = person->id;
    // The involved side is the latest injury's; the name goes only into a report asked for.
    const std::string injured = person->injuries.empty() ? "" : person->injuries.back().side;
    const InvolvedSide involved = injured == "left"    ? InvolvedSide::left
                                  : injured == "right" ? InvolvedSide::right
                                                       : InvolvedSide::unknown;
    live_->set_subject(person->id, person->body_mass.empty() ? 0.0 : person->body_mass.back().mass_kg, involved,
                       person->name);
  }
  draw_menu_bar();
  const float status_height = ImGui::GetFrameHeight();
  ImGui::BeginChild("views", {0, -status_height - ImGui::GetStyle().ItemSpacing.y});
  if (ImGui::BeginTabBar("views-tabs")) {
    const bool first = tab_request_frames_ > 0;
    const auto requested = [&](const char* tab) {
      return select_tab_ == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabItem("Athletes", nullptr, requested("Athletes") | (first && show_athletes_first_ ? ImGuiTabItemFlags_SetSelected : 0))) {
      athletes_->draw();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Review", nullptr, requested("Review") | (first && !show_live_first_ && !show_athletes_first_ ? ImGuiTabItemFlags_SetSelected : 0))) {
      review_->draw();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Live", nullptr, first && show_live_first_ ? ImGuiTabItemFlags_SetSelected : 0)) {
      live_->draw();
      ImGui::EndTabItem();
    }
    if (tab_request_frames_ > 0) --tab_request_frames_;
    select_tab_.clear();
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  draw_status_bar(status_height);
  ImGui::End();
}

// -----------------------------------------------------------------------------
// [SECTION] Menu bar and status bar
// -----------------------------------------------------------------------------

void MainWindow::draw_menu_bar() {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open session...", "Ctrl+O")) review_->show_file_dialog();
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Dark theme", nullptr, theme_ == Theme::dark)) apply_theme(theme_ = Theme::dark, scale_);
    if (ImGui::MenuItem("Light theme", nullptr, theme_ == Theme::light)) apply_theme(theme_ = Theme::light, scale_);
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && ImGui::IsKeyPressed('O', false)) review_->show_file_dialog();
  if (io.KeyCtrl && ImGui::IsKeyPressed('Q', false)) quit_ = true;  // GLFW key codes are ASCII for letters
}

void MainWindow::draw_status_bar(float) {
  ImGui::Separator();
  const std::string& status = export_status();
  ImGui::TextDisabled("%s", status.empty() ? "Right-click a plot to export it (PNG, or CSV of the visible range). "
                                             "Wheel: zoom, drag: pan, double-click: fit."
                                           : status.c_str());
}

}  // namespace isokin::gui
