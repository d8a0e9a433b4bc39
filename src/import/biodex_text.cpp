// Biodex System 3/4 (Advantage software) text exports, two layouts:
//
//   raw data  a header block of about 50 lines (test set-up, the joint, the test angles
//             on a line of their own), then the column line
//             "Set Rep mSec TORQUE POSITION POS_ANAT VELOCITY", space-delimited rows.
//   short     six header lines, then rows of time (ms), torque, position, anatomical
//             position, velocity (deg/s).
//
// 100 Hz. Header facts are read by keyword (docs/import.md lists them); a header that
// says the torque was gravity-corrected is recorded and the torque not corrected again.
// Counted repetitions (raw layout): runs of the same non-zero Rep number.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "import/csv_dialect.hpp"
#include "import/movement_signs.hpp"
#include "import/sha256.hpp"
#include "import/side_words.hpp"
#include "import/text_lines.hpp"
#include "import/vendor_formats.hpp"
#include "model/error.hpp"

namespace isokin::import {
namespace {

constexpr double kNmPerFtLb = 1.3558179483314004;
constexpr double kKgPerLb = 0.45359237;
constexpr std::size_t kMaxHeaderLines = 120;

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::string w;
  for (const char c : line) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ':' || c == ',' || c == ';' || c == '=') {
      if (!w.empty()) out.push_back(lower(w)), w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(lower(w));
  return out;
}

// Where the raw layout's column line is, if any.
std::optional<std::size_t> raw_column_line(const std::vector<Line>& lines) {
  for (std::size_t l = 0; l < lines.size() && l < kMaxHeaderLines; ++l) {
    const auto w = words(lines[l].text);
    const auto has = [&](std::string_view x) { return std::find(w.begin(), w.end(), x) != w.end(); };
    if (has("msec") && has("torque") && has("position") && has("velocity")) return l;
  }
  return std::nullopt;
}

bool numeric_row(std::string_view line, std::size_t fields_wanted) {
  const auto f = split_fields(line, ' ');
  if (f.size() != fields_wanted) return false;
  return std::all_of(f.begin(), f.end(), [](std::string_view x) { return parse_number(x, '.').has_value(); });
}

bool short_layout(const std::vector<Line>& lines) {
  if (lines.size() < 8) return false;
  std::string header;
  for (std::size_t l = 0; l < 6; ++l) header += lower(lines[l].text) + "\n";
  if (!contains(header, "biodex") && !(contains(header, "anat") && contains(header, "torque"))) return false;
  for (std::size_t l = 6; l < lines.size() && l < 12; ++l)
    if (!trim(lines[l].text).empty() && !numeric_row(lines[l].text, 5)) return false;
  return true;
}

// "01/31/2025" (US software: month first unless the first number cannot be a month).
std::optional<std::string> date_in(const std::string& line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    int a = 0, b = 0, y = 0;
    char s1 = 0, s2 = 0;
    if (!std::isdigit(static_cast<unsigned char>(line[i])) || (i > 0 && std::isdigit(static_cast<unsigned char>(line[i - 1]))))
      continue;
    if (std::sscanf(line.c_str() + i, "%d%c%d%c%d", &a, &s1, &b, &s2, &y) != 5 || s1 != s2 ||
        (s1 != '/' && s1 != '-' && s1 != '.'))
      continue;
    if (a > 1000) return fmt::format("{:04}-{:02}-{:02}", a, b, y);  // already ISO
    if (y < 100) y += 2000;
    int month = a, day = b;
    if (a > 12 || s1 == '.') std::swap(month, day);
    if (month < 1 || month > 12 || day < 1 || day > 31 || y < 1980 || y > 2200) return std::nullopt;
    return fmt::format("{:04}-{:02}-{:02}", y, month, day);
  }
  return std::nullopt;
}

std::vector<double> numbers_in(const std::vector<std::string>& w) {
  std::vector<double> out;
  for (const auto& x : w) {
    std::string t = x;
    for (char& c : t)
      if (c == '/') c = ' ';
    for (const auto& part : words(t))
      if (const auto v = parse_number(part, '.')) out.push_back(*v);
  }
  return out;
}

void read_header(const std::vector<Line>& lines, std::size_t end, FileFacts& f, double& torque_factor,
                 std::vector<std::string>& notes) {
  bool unit_stated = false;
  for (std::size_t l = 0; l < end; ++l) {
    const std::string line = lower(trim(lines[l].text));
    if (line.empty()) continue;
    const auto w = words(line);
    if (w.empty()) continue;
    const std::string& key = w[0];
    if (!unit_stated && (contains(line, "ft-lb") || contains(line, "ft lb") || contains(line, "foot-pound") ||
                         contains(line, "ft.lb"))) {
      torque_factor = kNmPerFtLb;
      unit_stated = true;
    } else if (!unit_stated && (contains(line, "n-m") || contains(line, "newton") || contains(line, "n·m") ||
                                contains(line, " nm"))) {
      torque_factor = 1;
      unit_stated = true;
    }
    if (contains(line, "grav")) {
      const bool no = contains(line, "off") || contains(line, " no") || contains(line, "not ") || contains(line, "without") ||
                      contains(line, "disabled") || contains(line, "uncorrected");
      const bool yes = contains(line, " on") || contains(line, "yes") || contains(line, "corrected") ||
                       contains(line, "applied") || contains(line, "enabled");
      if (no) f.gravity_corrected = false;
      else if (yes) f.gravity_corrected = true;
    }
    if ((key == "date" || key == "test" || contains(line, "date")) && !f.date) f.date = date_in(line);
    if (contains(key, "weight") && !contains(line, "limb")) {
      const auto n = numbers_in(std::vector<std::string>(w.begin() + 1, w.end()));
      if (!n.empty() && n[0] > 0) f.body_mass_kg = contains(line, "lb") ? n[0] * kKgPerLb : n[0];
    }
    if (key == "involved" || contains(line, "involved side") || contains(line, "involved limb")) {
      for (auto it = w.rbegin(); it != w.rend(); ++it)
        if (const auto s = side_from_word(*it)) {
          f.involved_side = s;
          break;
        }
    } else if (key == "side" || key == "limb" || contains(line, "tested side") || contains(line, "test side")) {
      for (auto it = w.rbegin(); it != w.rend(); ++it)
        if (const auto s = side_from_word(*it)) {
          f.side = s;
          break;
        }
    }
    if (key == "joint" && w.size() > 1) f.joint = w[1];
    if (key == "mode" || key == "pattern" || contains(line, "contraction") || contains(line, "protocol")) {
      if (contains(line, "isometric")) f.mode = TestMode::isometric;
      else if (contains(line, "passive") || contains(line, "cpm")) f.mode = TestMode::passive;
      else if (contains(line, "ecc/ecc") || contains(line, "eccentric/eccentric")) f.mode = TestMode::ecc_ecc;
      else if (contains(line, "con/ecc") || contains(line, "ecc/con") || contains(line, "concentric/eccentric"))
        f.mode = TestMode::con_ecc;
      else if (contains(line, "con/con") || contains(line, "concentric/concentric") || contains(line, "isokinetic"))
        f.mode = TestMode::con_con;
    }
    if ((key == "speed" || key == "speeds" || key == "velocity" || contains(line, "deg/sec") || contains(line, "°/s")) &&
        !f.velocity_ext_deg_s && !contains(line, "msec")) {
      const auto n = numbers_in(std::vector<std::string>(w.begin() + 1, w.end()));
      if (!n.empty() && n[0] > 0 && n[0] <= 1000) {
        f.velocity_ext_deg_s = n[0];
        f.velocity_flex_deg_s = n.size() > 1 && n[1] > 0 && n[1] <= 1000 ? n[1] : n[0];
      }
    }
    if ((key == "reps" || key == "repetitions" || contains(line, "# of reps")) && !f.reps) {
      const auto n = numbers_in(std::vector<std::string>(w.begin() + 1, w.end()));
      if (!n.empty() && n[0] >= 1 && n[0] <= 1000 && n[0] == std::floor(n[0])) f.reps = static_cast<int>(n[0]);
    }
    if (contains(line, "system 4") || contains(line, "system4")) f.device_model = "Biodex System 4";
    else if ((contains(line, "system 3") || contains(line, "system3")) && f.device_model.empty()) f.device_model = "Biodex System 3";
    if ((contains(line, "advantage") || contains(line, "software")) && contains(line, "v")) {
      for (std::string x : w) {
        if (x.size() > 1 && x[0] == 'v' && std::isdigit(static_cast<unsigned char>(x[1]))) x.erase(0, 1);
        if (!x.empty() && std::isdigit(static_cast<unsigned char>(x[0])) && contains(x, ".")) f.software_version = x;
      }
    }
    if (key == "name" || key == "patient" || contains(line, "patient name") || contains(line, "last name")) {
      f.subject_key = "b-" + sha256_hex(line).substr(0, 10);
    }
  }
  if (f.device_model.empty()) f.device_model = "Biodex System 3/4";
  if (!unit_stated) notes.emplace_back("the header states no torque unit: read as N·m");
}

class BiodexTextReader final : public VendorReader {
 public:
  std::string_view name() const override { return "biodex-text"; }
  std::string_view version() const override { return "1"; }

  bool recognizes(std::string_view text) const override {
    const auto lines = split_lines(text.substr(0, 16384));
    return raw_column_line(lines).has_value() || short_layout(lines);
  }

  VendorTrial read(std::string_view text, const std::string& file, const ReadHints& hints) const override {
    const auto lines = split_lines(text);
    const auto column_line = raw_column_line(lines);
    const bool raw = column_line.has_value();
    if (!raw && !short_layout(lines)) throw InputError(fmt::format("{}: not a Biodex text export", file));
    const std::size_t header_end = raw ? *column_line : 6;
    VendorTrial trial;
    double torque_factor = 1;
    read_header(lines, header_end, trial.facts, torque_factor, trial.notes);

    // Columns: the raw layout names them; the short one is time, torque, position, anatomical, velocity.
    std::size_t c_time = 0, c_torque = 1, c_pos = 2, c_anat = 3, c_vel = 4;
    std::optional<std::size_t> c_rep;
    std::size_t width = 5;
    if (raw) {
      const auto names = words(lines[*column_line].text);
      const auto at = [&](std::string_view n) -> std::optional<std::size_t> {
        const auto it = std::find(names.begin(), names.end(), n);
        if (it == names.end()) return std::nullopt;
        return static_cast<std::size_t>(it - names.begin());
      };
      c_time = *at("msec");
      c_torque = *at("torque");
      c_pos = *at("position");
      c_vel = *at("velocity");
      c_anat = at("pos_anat").value_or(c_pos);
      c_rep = at("rep");
      width = names.size();
    }
    SampleColumns& s = trial.samples;
    std::vector<long> rep;
    for (std::size_t l = header_end + (raw ? 1 : 0); l < lines.size(); ++l) {
      if (trim(lines[l].text).empty()) continue;
      const auto f = split_fields(lines[l].text, ' ');
      if (f.size() < width) {
        // A summary or footer after the data ends it.
        if (s.time_s.size() >= 2 && !parse_number(f.empty() ? std::string_view() : f[0], '.')) {
          trial.notes.push_back(fmt::format("the data end at line {}: what follows is not samples", lines[l].number));
          break;
        }
        throw InputError(fmt::format("{}:{}: {} values, expected {}", file, lines[l].number, f.size(), width));
      }
      const auto num = [&](std::size_t c, const char* what) {
        std::string why;
        const auto v = parse_number(f[c], '.', &why);
        if (!v) throw InputError(fmt::format("{}:{}: {} '{}' is {}", file, lines[l].number, what, f[c], why));
        return *v;
      };
      s.time_s.push_back(num(c_time, "time (ms)") * 1e-3);
      s.torque_nm.push_back(num(c_torque, "torque") * torque_factor);
      s.angle_deg.push_back(num(c_anat, "anatomical position"));
      s.velocity_deg_s.push_back(num(c_vel, "velocity"));
      if (c_rep) rep.push_back(static_cast<long>(num(*c_rep, "Rep")));
    }
    if (s.time_s.size() < 2) throw InputError(fmt::format("{}: fewer than two data rows", file));
    angle_as_flexion(s.angle_deg);
    for (auto& n : apply_isokin_signs(s, trial.facts.mode.value_or(hints.mode.value_or(TestMode::con_con)))) trial.notes.push_back(std::move(n));
    if (!rep.empty() && std::any_of(rep.begin(), rep.end(), [](long r) { return r > 0; }))
      trial.counted = runs_of_marks(rep, [](long r) { return r > 0; });
    if (trial.facts.gravity_corrected.value_or(false))
      trial.notes.emplace_back("the header says the torque is gravity-corrected: it is not corrected again");
    return trial;
  }
};

}  // namespace

const VendorReader& biodex_text_reader() {
  static const BiodexTextReader reader;
  return reader;
}

}  // namespace isokin::import
