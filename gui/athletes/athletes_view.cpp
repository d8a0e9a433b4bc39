// Index of this file:
//   [SECTION] Catalogue access (open, search, select)
//   [SECTION] Frame: list on the left, the person on the right
//   [SECTION] Record form (create and edit)
//   [SECTION] Sessions by date and progress
#include "gui/athletes/athletes_view.hpp"

#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "catalog/catalog_location.hpp"
#include "catalog/session_indexer.hpp"
#include "gui/plot/plot_style.hpp"

namespace isokin::gui {
namespace {

constexpr const char* kSexes[] = {"", "female", "male", "other"};
constexpr const char* kSides[] = {"", "left", "right"};

template <std::size_t N>
void copy_into(std::array<char, N>& buffer, const std::string& text) {
  std::snprintf(buffer.data(), N, "%s", text.c_str());
}

int index_of(const char* const* names, int count, const std::string& value) {
  for (int i = 0; i < count; ++i) {
    if (value == names[i]) return i;
  }
  return 0;
}

}  // namespace

// -----------------------------------------------------------------------------
// [SECTION] Catalogue access
// -----------------------------------------------------------------------------

AthletesView::AthletesView(std::string location) : location_(std::move(location)) {}
AthletesView::~AthletesView() = default;

bool AthletesView::ensure_open() {
  if (catalog_) return true;
  try {
    catalog_ = std::make_unique<catalog::Catalog>(catalog::Catalog::open(catalog::resolve_location(location_)));
    error_.clear();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  return catalog_ != nullptr;
}

void AthletesView::search() {
  if (!ensure_open()) return;
  try {
    matches_ = catalog_->find_people(query_.data());
    last_query_ = query_.data();
  } catch (const std::exception& e) {
    error_ = e.what();
    last_query_ = query_.data();  // no retry every frame
  }
}

void AthletesView::select(const std::string& id) {
  if (!ensure_open()) return;
  try {
    selected_ = catalog_->person(id);
    sessions_ = selected_ ? catalog_->sessions_of(id) : std::vector<catalog::SessionEntry>{};
    editing_new_ = false;
    hq_plot_ = {};
    lsi_plot_ = {};
    if (selected_) {
      const auto& p = *selected_;
      copy_into(id_, p.id);
      copy_into(name_, p.name);
      copy_into(birth_, p.birth_date);
      copy_into(sport_, p.sport);
      copy_into(position_, p.position);
      copy_into(notes_, p.notes);
      sex_ = index_of(kSexes, 4, p.sex);
      dominant_ = index_of(kSides, 3, p.dominant_leg);
      // The new entry starts from the latest mass on record: a follow-up usually changes little.
      if (!p.body_mass.empty()) mass_kg_ = p.body_mass.back().mass_kg;
    }
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

void AthletesView::add_recorded(const std::filesystem::path& file) {
  if (!ensure_open()) return;
  try {
    catalog::add_session_file(*catalog_, file);
    refresh();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

void AthletesView::refresh() {
  if (selected_) select(selected_->id);
  last_query_ = "\x01";
}

// -----------------------------------------------------------------------------
// [SECTION] Frame
// -----------------------------------------------------------------------------

void AthletesView::draw() {
  if (last_query_ != query_.data()) search();
  if (!error_.empty()) ImGui::TextColored({1.0f, 0.45f, 0.4f, 1}, "%s", error_.c_str());
  ImGui::BeginChild("athletes-list", {ImGui::GetFontSize() * 18, 0}, true);
  draw_list();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("athletes-person", {0, 0}, false);
  draw_person();
  ImGui::EndChild();
}

void AthletesView::draw_list() {
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##search", "Search: id, name, sport, notes", query_.data(), query_.size());
  if (ImGui::Button("New person", {-1, 0})) {
    selected_.reset();
    sessions_.clear();
    editing_new_ = true;
    id_ = {};
    name_ = {};
    birth_ = {};
    sport_ = {};
    position_ = {};
    notes_ = {};
    sex_ = dominant_ = 0;
    saved_.clear();
  }
  ImGui::Separator();
  for (const auto& p : matches_) {
    const bool chosen = selected_ && selected_->id == p.id;
    const std::string label = p.id + (p.name.empty() ? "" : "  " + p.name) + "##" + p.id;
    if (ImGui::Selectable(label.c_str(), chosen)) select(p.id);
    if (!p.sport.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", p.sport.c_str());
    }
  }
  if (matches_.empty()) ImGui::TextDisabled("Nobody matches.");
}

void AthletesView::draw_person() {
  if (!selected_ && !editing_new_) {
    ImGui::TextDisabled("Choose a person on the left, or create one with New person.");
    return;
  }
  draw_record_form();
  if (!selected_) return;
  ImGui::Separator();
  draw_sessions();
  draw_progress();
}

// -----------------------------------------------------------------------------
// [SECTION] Record form
// -----------------------------------------------------------------------------

void AthletesView::draw_record_form() {
  const float w = ImGui::GetFontSize() * 14;
  if (ImGui::BeginTable("record", 4, ImGuiTableFlags_SizingStretchProp)) {
    auto field = [&](const char* label, char* buf, std::size_t size, int flags = 0) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(label);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(w);
      ImGui::InputText((std::string("##") + label).c_str(), buf, size, flags);
    };
    field("Id (pseudonymous)", id_.data(), id_.size(), editing_new_ ? 0 : ImGuiInputTextFlags_ReadOnly);
    field("Name", name_.data(), name_.size());
    field("Birth date", birth_.data(), birth_.size());
    field("Sport", sport_.data(), sport_.size());
    field("Position", position_.data(), position_.size());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("Sex");
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(w);
    ImGui::Combo("##sex", &sex_, kSexes, 4);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("Dominant leg");
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(w);
    ImGui::Combo("##dominant", &dominant_, kSides, 3);
    ImGui::EndTable();
  }
  ImGui::TextUnformatted("Notes");
  ImGui::InputTextMultiline("##notes", notes_.data(), notes_.size(), {-1, ImGui::GetTextLineHeight() * 3});
  if (ImGui::Button(editing_new_ ? "Create" : "Save")) {
    catalog::Person p = selected_.value_or(catalog::Person{});
    p.id = id_.data();
    p.name = name_.data();
    p.birth_date = birth_.data();
    p.sport = sport_.data();
    p.position = position_.data();
    p.notes = notes_.data();
    p.sex = kSexes[sex_];
    p.dominant_leg = kSides[dominant_];
    try {
      if (ensure_open()) {
        if (editing_new_ && catalog_->person(p.id)) throw catalog::CatalogInputError("id '" + p.id + "' exists already");
        catalog_->save_person(p);
        saved_ = p.id + " saved";
        error_.clear();
        last_query_ = "\x01";
        select(p.id);
      }
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  if (!saved_.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", saved_.c_str());
  }
  if (!selected_) return;

  // Body mass and injuries are added, never overwritten silently.
  const auto& p = *selected_;
  ImGui::Text("Body mass:");
  if (p.body_mass.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("none recorded");
  }
  for (std::size_t k = 0; k < p.body_mass.size(); ++k) {
    ImGui::SameLine();
    ImGui::Text("%s %.1f kg%s", p.body_mass[k].date.c_str(), p.body_mass[k].mass_kg, k + 1 < p.body_mass.size() ? "," : "");
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputTextWithHint("##massdate", "YYYY-MM-DD", mass_date_.data(), mass_date_.size());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::InputDouble("kg##mass", &mass_kg_, 0, 0, "%.1f");
  ImGui::SameLine();
  if (ImGui::Button("Add body mass")) {
    try {
      catalog_->add_body_mass(p.id, {mass_date_.data(), mass_kg_});
      select(p.id);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  ImGui::Text("Injuries:");
  for (const auto& i : p.injuries) {
    ImGui::BulletText("%s %s %s%s%s%s%s", i.date.c_str(), i.side.c_str(), i.type.c_str(),
                      i.surgery_date.empty() ? "" : ", surgery ", i.surgery_date.c_str(), i.graft.empty() ? "" : ", graft ",
                      i.graft.c_str());
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputTextWithHint("##injdate", "YYYY-MM-DD", injury_date_.data(), injury_date_.size());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
  ImGui::Combo("##injside", &injury_side_, kSides, 3);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  ImGui::InputTextWithHint("##injtype", "type (ACL rupture)", injury_type_.data(), injury_type_.size());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputTextWithHint("##surgery", "surgery date", surgery_date_.data(), surgery_date_.size());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::InputTextWithHint("##graft", "graft", graft_.data(), graft_.size());
  ImGui::SameLine();
  if (ImGui::Button("Add injury")) {
    try {
      catalog_->add_injury(p.id, {injury_date_.data(), kSides[injury_side_], injury_type_.data(), surgery_date_.data(),
                                  graft_.data()});
      select(p.id);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
}

// -----------------------------------------------------------------------------
// [SECTION] Sessions by date and progress
// -----------------------------------------------------------------------------

void AthletesView::draw_sessions() {
  ImGui::Text("Sessions (%zu)", sessions_.size());
  const auto number = [](double v, const char* format) {
    if (std::isfinite(v)) {
      ImGui::Text(format, v);
    } else {
      ImGui::TextDisabled("-");
    }
  };
  const float height = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::min<std::size_t>(sessions_.size(), 6) + 1.5);
  if (ImGui::BeginTable("sessions", 8, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV,
                        {0, height})) {
    for (const char* h : {"date", "protocol", "involved", "Q L N·m", "Q R N·m", "H:Q L", "H:Q R", "LSI Q %"}) {
      ImGui::TableSetupColumn(h);
    }
    ImGui::TableHeadersRow();
    for (const auto& e : sessions_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable((e.date + "##" + e.path).c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && open_) {
        open_(e.path);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nclick: open in Review", e.path.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.protocol.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.involved_side.empty() ? "-" : e.involved_side.c_str());
      ImGui::TableNextColumn();
      number(e.summary.quadriceps_left_nm, "%.0f");
      ImGui::TableNextColumn();
      number(e.summary.quadriceps_right_nm, "%.0f");
      ImGui::TableNextColumn();
      number(e.summary.hq_left, "%.2f");
      ImGui::TableNextColumn();
      number(e.summary.hq_right, "%.2f");
      ImGui::TableNextColumn();
      number(e.summary.lsi_quadriceps_percent, "%.0f");
    }
    ImGui::EndTable();
  }
}

void AthletesView::draw_progress() {
  if (sessions_.empty()) return;
  std::vector<std::string> dates;
  std::vector<double> x, hq_l, hq_r, lsi_q, lsi_h;
  double velocity = analysis::kNaN;
  for (std::size_t i = 0; i < sessions_.size(); ++i) {
    const auto& s = sessions_[i].summary;
    dates.push_back(sessions_[i].date);
    x.push_back(static_cast<double>(i));
    hq_l.push_back(s.hq_left);
    hq_r.push_back(s.hq_right);
    lsi_q.push_back(s.lsi_quadriceps_percent);
    lsi_h.push_back(s.lsi_hamstrings_percent);
    if (std::isfinite(s.velocity_deg_s)) velocity = s.velocity_deg_s;
  }
  const auto table = analysis::default_cutoff_table();
  const float h = ImGui::GetContentRegionAvail().y;
  {
    Plot plot("athlete-hq", hq_plot_, {0, h * 0.5f}, {"session date", "", "conventional H:Q", ""});
    plot.title("H:Q over time");
    plot.x_categories(dates);
    if (const auto* c = analysis::find_cutoff(table, analysis::CutoffKind::conventional, velocity)) {
      char label[48];
      std::snprintf(label, sizeof label, "H:Q below %.2f", c->value);
      plot.band(0, c->value, plot_style().band_bad, label);
    }
    plot.curve("left", side_color(Side::left), x, hq_l);
    plot.markers("left", side_color(Side::left), x, hq_l);
    plot.curve("right", side_color(Side::right), x, hq_r);
    plot.markers("right", side_color(Side::right), x, hq_r);
    plot.end();
  }
  const std::string involved = selected_->injuries.empty() ? "" : selected_->injuries.back().side;
  Plot plot("athlete-lsi", lsi_plot_, {0, 0}, {"session date", "", "LSI (" + (involved.empty() ? std::string("weaker side") : involved + " involved") + ")", "%"});
  plot.title("Limb symmetry index over time");
  plot.x_categories(dates);
  if (const auto* c = analysis::find_cutoff(table, analysis::CutoffKind::lsi, velocity)) {
    char label[48];
    std::snprintf(label, sizeof label, "LSI below %.0f %%", c->value);
    plot.band(0, c->value, plot_style().band_bad, label);
  }
  plot.curve("quadriceps", series_color(2), x, lsi_q);
  plot.markers("quadriceps", series_color(2), x, lsi_q);
  plot.curve("hamstrings", series_color(3), x, lsi_h);
  plot.markers("hamstrings", series_color(3), x, lsi_h);
  plot.end();
}

}  // namespace isokin::gui
