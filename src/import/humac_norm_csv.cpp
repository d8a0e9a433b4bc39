// HUMAC NORM / Cybex NORM (CSMi) raw-data CSV, the two layouts real exports have:
//
//   16 columns  "Status","Time(Seconds)","Position(Degrees)","Torque(Foot-Pounds)","Speed(d/s)",
//               "End Pnt 0","Pos Start","Pos End","Trq Start","Peak Trq Start","Peak Trq End",
//               "Half Peak Trq","Stim","Reaction Start","Target Found","Target End"
//               (or French: Statut, Temps, Position, Couple, Vitesse, End Pnt ...)
//   5 columns   "Status","Time(Seconds)","Position(Degrees)","Torque(Newton-Meters)","Speed(deg/sec)"
//               every value quoted ("0001","0.010",...) or, in older exports, none.
//
// Torque is unsigned (>= 0 both ways); Speed is signed with the extension sign
// depending on the leg (left +, right -); the last row is an all-zero sentinel. The
// file name carries the test: "<name> <hh_mm_ss AM> <speed|iso angle> <reps> <Left|Right> <set>.csv".
// Counted repetitions: the event columns "Pos Start"/"Pos End" (a repetition number on
// the row where it starts/ends), else "End Pnt" (half-repetition numbers); in the
// 5-column layout, runs of a Status other than 0001 (0005, 0011).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "import/csv_dialect.hpp"
#include "import/movement_signs.hpp"
#include "import/sha256.hpp"
#include "import/text_lines.hpp"
#include "import/vendor_formats.hpp"
#include "model/error.hpp"

namespace isokin::import {
namespace {

constexpr double kNmPerFtLb = 1.3558179483314004;

bool starts_with_any(const std::string& s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return s.starts_with(p); });
}

struct Header {
  std::size_t line = 0;  // index into lines
  char delimiter = ',';
  std::vector<std::string> names;  // lower case, trimmed
  std::vector<std::string> cells;  // as written
};

std::optional<Header> find_header(const std::vector<Line>& lines) {
  for (std::size_t l = 0; l < lines.size() && l < 5; ++l) {
    if (trim(lines[l].text).empty()) continue;
    for (const char d : {',', ';', '\t'}) {
      const auto fields = split_fields(lines[l].text, d);
      if (fields.size() < 5) continue;
      const std::string first = lower(trim(fields[0], " \t\"'"));
      if (first != "status" && first != "statut") continue;
      Header h;
      h.line = l;
      h.delimiter = d;
      for (const auto f : fields) {
        h.cells.emplace_back(trim(f, " \t\"'"));
        h.names.push_back(lower(h.cells.back()));
      }
      const bool has_time = starts_with_any(h.names[1], {"time", "temps"});
      if (has_time) return h;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::size_t> column(const Header& h, std::initializer_list<std::string_view> prefixes) {
  for (std::size_t i = 0; i < h.names.size(); ++i)
    if (starts_with_any(h.names[i], prefixes)) return i;
  return std::nullopt;
}

std::string bracket_unit(const std::string& cell) {
  const auto open = cell.find('(');
  const auto close = cell.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return {};
  return lower(trim(std::string_view(cell).substr(open + 1, close - open - 1)));
}

// The facts a HUMAC export's file name carries (docs/import.md).
void facts_from_file_name(const std::string& file_name, FileFacts& facts, std::vector<std::string>& notes) {
  std::string stem = file_name;
  if (const auto dot = stem.rfind('.'); dot != std::string::npos) stem.resize(dot);
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < stem.size();) {
    while (i < stem.size() && stem[i] == ' ') ++i;
    std::size_t j = i;
    while (j < stem.size() && stem[j] != ' ') ++j;
    if (j > i) tokens.push_back(stem.substr(i, j - i));
    i = j;
  }
  const auto is_clock = [](const std::string& t) {
    int parts = 0;
    for (char c : t) {
      if (c == '_') ++parts;
      else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return parts == 2 && t.size() >= 7 && t.size() <= 8;
  };
  std::size_t k = tokens.size();
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (is_clock(tokens[i])) k = i;
  if (k == tokens.size()) return;
  int hh = 0, mm = 0, ss = 0;
  if (std::sscanf(tokens[k].c_str(), "%d_%d_%d", &hh, &mm, &ss) != 3 || hh > 23 || mm > 59 || ss > 60) return;
  std::size_t next = k + 1;
  if (next < tokens.size()) {
    const std::string ampm = lower(tokens[next]);
    if (ampm == "am" || ampm == "pm") {
      if (ampm == "pm" && hh < 12) hh += 12;
      if (ampm == "am" && hh == 12) hh = 0;
      ++next;
    }
  }
  facts.time_of_day = fmt::format("{:02}:{:02}:{:02}", hh, mm, ss);
  std::string name;
  for (std::size_t i = 0; i < k; ++i) name += (i ? " " : "") + tokens[i];
  if (!name.empty()) facts.subject_key = "h-" + sha256_hex(lower(name)).substr(0, 10);
  if (next < tokens.size()) {
    const std::string speed = lower(tokens[next]);
    std::string digits;
    for (char c : speed)
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') digits += c;
    const auto value = parse_number(digits, '.');
    if (speed.find("iso") != std::string::npos) {
      facts.mode = TestMode::isometric;
      if (value) facts.isometric_angle_deg = *value;
    } else if (value && *value > 0 && digits.size() == speed.size()) {
      facts.velocity_ext_deg_s = facts.velocity_flex_deg_s = *value;
    }
    ++next;
  }
  if (next < tokens.size()) {
    if (const auto reps = parse_number(tokens[next], '.'); reps && *reps >= 1 && *reps <= 1000 && *reps == std::floor(*reps))
      facts.reps = static_cast<int>(*reps);
    ++next;
  }
  if (next < tokens.size()) {
    const std::string side = lower(tokens[next]);
    if (side == "left" || side == "gauche") facts.side = Side::left;
    if (side == "right" || side == "droite") facts.side = Side::right;
  }
  if (!facts.side) notes.emplace_back("the file name does not carry the leg (Left/Right)");
}

// Counted movements from the 16-column event marks.
std::vector<CountedMovement> marks_16(const std::vector<std::optional<long>>& pos_start,
                                      const std::vector<std::optional<long>>& pos_end,
                                      const std::vector<std::optional<long>>& end_pnt) {
  std::vector<std::size_t> starts, ends, points;
  for (std::size_t i = 0; i < pos_start.size(); ++i) {
    if (pos_start[i]) starts.push_back(i);
    if (pos_end[i]) ends.push_back(i);
    if (end_pnt[i]) points.push_back(i);
  }
  std::vector<CountedMovement> out;
  if (!starts.empty() && !ends.empty()) {
    std::size_t e = 0;
    for (const std::size_t s : starts) {
      while (e < ends.size() && ends[e] <= s) ++e;
      if (e == ends.size()) break;
      if (!out.empty() && s < out.back().end) continue;
      out.push_back({s, ends[e] + 1});
    }
    return out;
  }
  if (points.size() * 2 > end_pnt.size()) {  // a half-repetition number on every row
    return runs_of_marks(end_pnt, [](const std::optional<long>& m) { return m.has_value(); });
  }
  if (points.size() >= 2) {  // the row where each half-repetition ends
    const std::size_t first_length = points[1] - points[0];
    out.push_back({points[0] > first_length ? points[0] - first_length : 0, points[0] + 1});
    for (std::size_t k = 1; k < points.size(); ++k) out.push_back({points[k - 1] + 1, points[k] + 1});
  }
  return out;
}

class HumacNormCsvReader final : public VendorReader {
 public:
  std::string_view name() const override { return "humac-norm-csv"; }
  std::string_view version() const override { return "1"; }

  bool recognizes(std::string_view text) const override {
    const auto lines = split_lines(text.substr(0, 4096));
    const auto h = find_header(lines);
    return h && column(*h, {"torque", "couple"}) && column(*h, {"position"}) && column(*h, {"speed", "vitesse"});
  }

  VendorTrial read(std::string_view text, const std::string& file, const ReadHints& hints) const override {
    const auto lines = split_lines(text);
    const auto header = find_header(lines);
    if (!header) throw InputError(fmt::format("{}: not a HUMAC NORM CSV (no Status,Time,... header)", file));
    const Header& h = *header;
    const std::size_t header_number = lines[h.line].number;
    const auto need = [&](std::initializer_list<std::string_view> names, const char* what) {
      const auto c = column(h, names);
      if (!c) throw InputError(fmt::format("{}:{}: the header has no {} column", file, header_number, what));
      return *c;
    };
    const std::size_t c_time = need({"time", "temps"}, "Time");
    const std::size_t c_pos = need({"position"}, "Position");
    const std::size_t c_torque = need({"torque", "couple"}, "Torque");
    const std::size_t c_speed = need({"speed", "vitesse"}, "Speed");
    const auto c_end_pnt = column(h, {"end pnt", "end point"});
    const auto c_pos_start = column(h, {"pos start", "pos début", "pos debut"});
    const auto c_pos_end = column(h, {"pos end", "pos fin"});
    const bool sixteen = c_end_pnt.has_value();

    VendorTrial trial;
    trial.facts.device_model = "HUMAC NORM";
    trial.facts.joint = "knee";
    // Units: as the header states them.
    double time_factor = 1, torque_factor = sixteen ? kNmPerFtLb : 1;
    const std::string time_unit = bracket_unit(h.cells[c_time]);
    if (time_unit == "ms" || time_unit == "msec" || time_unit.starts_with("milli")) time_factor = 1e-3;
    else if (!time_unit.empty() && !time_unit.starts_with("s"))
      throw InputError(fmt::format("{}:{}: column '{}': time unit '{}' is not seconds or ms", file, header_number,
                                   h.cells[c_time], time_unit));
    const std::string torque_unit = bracket_unit(h.cells[c_torque]);
    const auto has = [&](std::initializer_list<std::string_view> parts) {
      return std::any_of(parts.begin(), parts.end(), [&](std::string_view p) { return torque_unit.find(p) != std::string::npos; });
    };
    if (has({"foot", "feet", "ft", "pied", "lb", "livre"})) torque_factor = kNmPerFtLb;
    else if (has({"newton", "nm", "n-m", "n.m", "n·m", "n*m"})) torque_factor = 1;
    else if (!torque_unit.empty())
      throw InputError(fmt::format("{}:{}: column '{}': torque unit '{}' is not Foot-Pounds or Newton-Meters", file,
                                   header_number, h.cells[c_torque], torque_unit));
    else
      trial.notes.push_back(fmt::format("the torque header states no unit: read as {}", sixteen ? "ft-lb" : "N·m"));

    std::vector<double> speed;
    std::vector<std::optional<long>> end_pnt, pos_start, pos_end;
    std::vector<long> status;
    std::vector<std::size_t> row_line;
    SampleColumns& s = trial.samples;
    std::size_t needed = std::max({c_time, c_pos, c_torque, c_speed}) + 1;
    const auto mark = [&](const std::vector<std::string_view>& f, std::optional<std::size_t> c) -> std::optional<long> {
      if (!c || *c >= f.size()) return std::nullopt;
      const auto v = parse_number(f[*c], '.');
      if (!v || *v < 0 || *v > 1e6) return std::nullopt;
      return static_cast<long>(*v);
    };
    for (std::size_t l = h.line + 1; l < lines.size(); ++l) {
      if (trim(lines[l].text).empty()) continue;
      const auto f = split_fields(lines[l].text, h.delimiter);
      if (f.size() < needed)
        throw InputError(fmt::format("{}:{}: {} fields, the header has {}", file, lines[l].number, f.size(), h.names.size()));
      std::array<double, 4> v{};
      const std::array<std::size_t, 4> cols{c_time, c_pos, c_torque, c_speed};
      for (std::size_t k = 0; k < 4; ++k) {
        std::string why;
        const auto x = parse_number(f[cols[k]], '.', &why);
        if (!x)
          throw InputError(fmt::format("{}:{}: {}: '{}' is {}", file, lines[l].number, h.cells[cols[k]], f[cols[k]], why));
        v[k] = *x;
      }
      const auto st = parse_number(f[0], '.');
      s.time_s.push_back(v[0] * time_factor);
      s.angle_deg.push_back(v[1]);
      s.torque_nm.push_back(v[2] * torque_factor);
      speed.push_back(v[3]);
      status.push_back(st ? static_cast<long>(*st) : -1);
      end_pnt.push_back(mark(f, c_end_pnt));
      pos_start.push_back(mark(f, c_pos_start));
      pos_end.push_back(mark(f, c_pos_end));
      row_line.push_back(lines[l].number);
    }
    // The all-zero sentinel row(s) at the end.
    while (!s.time_s.empty() && status.back() == 0 && s.time_s.back() == 0 && s.torque_nm.back() == 0 &&
           speed.back() == 0) {
      s.time_s.pop_back(); s.angle_deg.pop_back(); s.torque_nm.pop_back(); speed.pop_back();
      status.pop_back(); end_pnt.pop_back(); pos_start.pop_back(); pos_end.pop_back(); row_line.pop_back();
    }
    if (s.time_s.size() < 2) throw InputError(fmt::format("{}: fewer than two data rows", file));
    s.host_time_s.clear();

    facts_from_file_name(hints.file_name, trial.facts, trial.notes);
    const std::optional<Side> side = trial.facts.side ? trial.facts.side : hints.side;
    angle_as_flexion(s.angle_deg);
    // Speed's extension sign is the leg's (left +, right -); isokin's extension is negative.
    const double to_isokin = side == Side::left ? -1.0 : 1.0;
    s.velocity_deg_s.resize(speed.size());
    for (std::size_t i = 0; i < speed.size(); ++i) s.velocity_deg_s[i] = speed[i] * to_isokin;
    if (side && velocity_agreement(s.time_s, s.angle_deg, s.velocity_deg_s) < 0)
      trial.notes.push_back(fmt::format("the Speed sign is that of the other leg than {} (the position says so): "
                                        "signs taken from the position",
                                        to_string(*side)));
    const TestMode mode = trial.facts.mode.value_or(hints.mode.value_or(TestMode::con_con));
    for (auto& n : apply_isokin_signs(s, mode))
      if (!n.starts_with("the velocity ran against")) trial.notes.push_back(std::move(n));

    // The file name's speed is the test speed; the return may run faster (e.g. 60 out,
    // ~180 back): a direction whose measured speed is far from it gets its own preset.
    for (const int direction : {-1, 1}) {
      auto& preset = direction < 0 ? trial.facts.velocity_ext_deg_s : trial.facts.velocity_flex_deg_s;
      if (!preset) continue;
      const double measured = typical_speed_deg_s(s.velocity_deg_s, direction);
      if (measured > 0 && (measured < 0.7 * *preset || measured > 1.4 * *preset)) {
        const double own = std::round(measured / 10) * 10;
        trial.notes.push_back(fmt::format("{} ran at ~{:g} deg/s, not the {:g} deg/s of the file name: preset {:g} deg/s "
                                          "for that direction",
                                          direction < 0 ? "extension" : "the return (flexion)", own, *preset, own));
        preset = own;
      }
    }
    trial.counted = sixteen ? marks_16(pos_start, pos_end, end_pnt)
                            : runs_of_marks(status, [](long st) { return st > 1; });
    return trial;
  }
};

}  // namespace

const VendorReader& humac_norm_csv_reader() {
  static const HumacNormCsvReader reader;
  return reader;
}

}  // namespace isokin::import
