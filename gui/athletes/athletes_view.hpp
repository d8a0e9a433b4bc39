// The Athletes tab: the clinic's people from the catalogue (src/catalog). Search as
// you type, create and edit a person (record, body mass, injuries), their sessions by
// date (a click opens one in the Review tab), and their progress: conventional H:Q
// and LSI over the sessions against the cut-offs, the involved side from the injury
// record. The values are the catalogue's summary (the analysis' own numbers), so the
// tab opens without reading every file.
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "gui/plot/plot.hpp"

namespace isokin::gui {

class AthletesView {
 public:
  // `location` as for `isokin catalog --catalog` (empty: ISOKIN_CATALOG, the
  // configuration file, or the default file).
  explicit AthletesView(std::string location);
  ~AthletesView();

  void draw();
  void on_open_session(std::function<void(const std::filesystem::path&)> callback) { open_ = std::move(callback); }
  // The person chosen (for the test run), if any.
  const catalog::Person* selected() const { return selected_ ? &*selected_ : nullptr; }
  void choose(const std::string& id) { select(id); }
  // A session just recorded (Live tab) joins the catalogue at once.
  void add_recorded(const std::filesystem::path& file);
  // Re-reads the chosen person's sessions (after a recording was added).
  void refresh();

 private:
  bool ensure_open();
  void search();
  void select(const std::string& id);
  void draw_list();
  void draw_person();
  void draw_record_form();
  void draw_sessions();
  void draw_progress();

  std::string location_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::string error_;  // the catalogue's last refusal, word for word
  std::array<char, 128> query_{};
  std::string last_query_ = "\x01";  // forces the first search
  std::vector<catalog::Person> matches_;
  std::optional<catalog::Person> selected_;
  std::vector<catalog::SessionEntry> sessions_;
  // The edit form (also for a new person).
  bool editing_new_ = false;
  std::array<char, 65> id_{};
  std::array<char, 201> name_{}, birth_{}, sport_{}, position_{};
  std::array<char, 2001> notes_{};
  int sex_ = 0, dominant_ = 0;
  std::array<char, 11> mass_date_{}, injury_date_{}, surgery_date_{};
  double mass_kg_ = 70;
  int injury_side_ = 0;
  std::array<char, 101> injury_type_{}, graft_{};
  std::string saved_;
  PlotState hq_plot_, lsi_plot_;
  std::function<void(const std::filesystem::path&)> open_;
};

}  // namespace isokin::gui
