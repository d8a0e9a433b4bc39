// Con-Trex MJ ("human kinetics" 1.7.x) .CTM measurement files.
//
// INI-like: [Measurement] [memo] [session] [Configuration] [SetUp] [filter]
// [markers by index] [system strings] [data]; "key<TAB>value(s)"; CRLF; cp1252 (labels
// in Finnish or German); decimal comma in header values, decimal point in [data].
// [data]: after one blank line, rows "torque speed angle" (N·m, deg/s, deg; angle from
// about -87 flexed to -6 extended; extension has speed + and, concentric, torque +),
// then a trailing "0 0 0" row. [markers by index]: "move 1" / "move 2" list the sample
// indices where the counted extension and flexion movements start; movements before
// the first and after the last are lead-in and positioning. A .CTA (same program,
// results only) has no [data]: refused as such. The subject's name fields are never
// copied (only a pseudonymous key of them).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "import/csv_dialect.hpp"
#include "import/movement_signs.hpp"
#include "import/sha256.hpp"
#include "import/side_words.hpp"
#include "import/text_lines.hpp"
#include "import/vendor_formats.hpp"
#include "model/error.hpp"

namespace isokin::import {
namespace {

struct Entry {
  std::size_t line = 0;
  std::vector<std::string> values;  // trimmed, tab-separated
};
using Section = std::map<std::string, Entry>;  // lower-case key

std::string section_name(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.size() < 3 || t.front() != '[' || t.back() != ']') return {};
  return lower(trim(t.substr(1, t.size() - 2)));
}

struct Parsed {
  std::map<std::string, Section> sections;
  std::size_t data_from = 0;  // index into lines of the first line after [data]; 0 = no [data]
  bool has_data = false;
};

Parsed parse_sections(const std::vector<Line>& lines) {
  Parsed p;
  std::string current;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const std::string name = section_name(lines[l].text);
    if (!name.empty()) {
      current = name;
      if (name == "data") {
        p.has_data = true;
        p.data_from = l + 1;
        return p;
      }
      p.sections[current];
      continue;
    }
    const std::string_view text = trim(lines[l].text, " \r\n");
    if (text.empty() || current.empty()) continue;
    Entry e;
    e.line = lines[l].number;
    std::size_t start = 0;
    std::string key;
    bool first = true;
    while (start <= text.size()) {
      std::size_t end = text.find('\t', start);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view part = trim(text.substr(start, end - start));
      if (first) key = lower(part), first = false;
      else if (!part.empty()) e.values.emplace_back(part);
      start = end + 1;
    }
    p.sections[current].emplace(key, std::move(e));
  }
  return p;
}

const Entry* find(const Parsed& p, const std::string& section, const std::string& key_prefix) {
  const auto s = p.sections.find(section);
  if (s == p.sections.end()) return nullptr;
  for (const auto& [key, entry] : s->second)
    if (key.starts_with(key_prefix)) return &entry;
  return nullptr;
}

// A header number: decimal comma (or point).
std::optional<double> header_number(const std::string& text) {
  if (auto v = parse_number(text, ',')) return v;
  return parse_number(text, '.');
}

std::optional<double> first_number(const Entry* e) {
  if (e == nullptr || e->values.empty()) return std::nullopt;
  return header_number(e->values[0]);
}

std::optional<Side> side_of(const Entry* e) {
  if (e == nullptr) return std::nullopt;
  for (auto it = e->values.rbegin(); it != e->values.rend(); ++it)
    if (const auto s = side_from_word(*it)) return s;
  if (!e->values.empty()) {
    if (e->values[0] == "0") return Side::right;  // Con-Trex codes: 0 right, 1 left
    if (e->values[0] == "1") return Side::left;
  }
  return std::nullopt;
}

std::optional<TestMode> mode_of_program(std::string text) {
  text = lower(text);
  const auto has = [&](std::string_view s) { return text.find(s) != std::string::npos; };
  if (has("cpm") || has("passi")) return TestMode::passive;
  if (has("isom")) return TestMode::isometric;
  const bool con_first = has("kons/") || has("con/") || has("kon/");
  const bool con_second = has("/kons") || has("/con") || has("/kon");
  const bool ecc_first = has("eks/") || has("ecc/") || has("exz/") || has("ekc/");
  const bool ecc_second = has("/eks") || has("/ecc") || has("/exz") || has("/ekc");
  if (con_first && con_second) return TestMode::con_con;
  if (ecc_first && ecc_second) return TestMode::ecc_ecc;
  if ((con_first && ecc_second) || (ecc_first && con_second)) return TestMode::con_ecc;
  return std::nullopt;
}

// "21.08.2025", "21/08/2025", "21-08-2025" -> "2025-08-21".
std::optional<std::string> iso_date(const std::string& text) {
  int d = 0, m = 0, y = 0;
  char s1 = 0, s2 = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c%d", &d, &s1, &m, &s2, &y) != 5) return std::nullopt;
  if (y < 100) y += 2000;
  if (d < 1 || d > 31 || m < 1 || m > 12 || y < 1980 || y > 2200) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::optional<std::string> clock_time(const std::string& text) {
  int h = 0, m = 0, s = 0;
  char c1 = 0, c2 = 0;
  const int n = std::sscanf(text.c_str(), "%d%c%d%c%d", &h, &c1, &m, &c2, &s);
  if (n < 3 || h > 23 || m > 59 || s > 60 || h < 0 || m < 0 || s < 0) return std::nullopt;
  return fmt::format("{:02}:{:02}:{:02}", h, m, n == 5 ? s : 0);
}

std::vector<std::size_t> marker_indices(const Entry* e, const std::string& file, std::size_t samples) {
  std::vector<std::size_t> out;
  if (e == nullptr) return out;
  for (const auto& v : e->values) {
    const auto x = parse_number(v, '.');
    if (!x || *x < 0 || *x != std::floor(*x) || *x >= static_cast<double>(samples))
      throw InputError(fmt::format("{}:{}: [markers by index]: '{}' is not a sample index below {}", file, e->line, v, samples));
    out.push_back(static_cast<std::size_t>(*x));
  }
  return out;
}

class ContrexCtmReader final : public VendorReader {
 public:
  std::string_view name() const override { return "contrex-ctm"; }
  std::string_view version() const override { return "1"; }

  bool recognizes(std::string_view text) const override {
    const std::string head = lower(text.substr(0, 8192));
    return head.find("[measurement]") != std::string::npos &&
           (head.find("[configuration]") != std::string::npos || head.find("[session]") != std::string::npos ||
            head.find("[data]") != std::string::npos);
  }

  VendorTrial read(std::string_view text, const std::string& file, const ReadHints&) const override {
    const auto lines = split_lines(text);
    const Parsed p = parse_sections(lines);
    if (!p.has_data)
      throw InputError(fmt::format("{}: a Con-Trex file without a [data] section (a .CTA holds the program and results "
                                   "only, no samples): import the .CTM of the same test",
                                   file));
    VendorTrial trial;
    FileFacts& f = trial.facts;
    f.device_model = "Con-Trex MJ";
    f.joint = "knee";
    for (const auto& [section, entries] : p.sections)
      for (const auto& [key, entry] : entries)
        if ((key.find("version") != std::string::npos || key.find("software") != std::string::npos) &&
            !entry.values.empty() && f.software_version.empty())
          f.software_version = entry.values[0];

    const auto rate = first_number(find(p, "measurement", "samplingrate"));
    if (!rate || *rate <= 0 || *rate > 100000)
      throw InputError(fmt::format("{}: [Measurement] samplingrate is missing or not a rate in Hz", file));
    f.sample_rate_hz = *rate;
    const Entry* samples_entry = find(p, "measurement", "samples");
    const auto declared = first_number(samples_entry);
    if (const Entry* d = find(p, "measurement", "date"); d && !d->values.empty()) {
      f.date = iso_date(d->values[0]);
      if (!f.date)
        throw InputError(fmt::format("{}:{}: [Measurement] date '{}' is not a day.month.year date", file, d->line, d->values[0]));
    }
    if (const Entry* t = find(p, "measurement", "time"); t && !t->values.empty()) f.time_of_day = clock_time(t->values[0]);

    if (const auto w = first_number(find(p, "session", "subject weight")); w && *w > 0) f.body_mass_kg = *w;
    f.involved_side = side_of(find(p, "session", "involved side"));
    std::string name_fields;
    if (const auto s = p.sections.find("session"); s != p.sections.end())
      for (const auto& [key, entry] : s->second)
        if (key.find("name") != std::string::npos || key.find("nimi") != std::string::npos)
          for (const auto& v : entry.values) name_fields += lower(v) + "|";
    if (!name_fields.empty()) f.subject_key = "c-" + sha256_hex(name_fields).substr(0, 10);

    f.side = side_of(find(p, "configuration", "side"));
    if (const Entry* prog = find(p, "configuration", "program"); prog && !prog->values.empty()) {
      f.mode = mode_of_program(prog->values.back());
      if (!f.mode) trial.notes.push_back(fmt::format("program '{}': test mode not recognised", prog->values.back()));
    }
    if (const Entry* speed = find(p, "configuration", "speed"); speed && !speed->values.empty()) {
      const auto ext = header_number(speed->values[0]);
      const auto flex = speed->values.size() > 1 ? header_number(speed->values[1]) : ext;
      if (ext && *ext > 0) f.velocity_ext_deg_s = std::abs(*ext);
      if (flex && *flex > 0) f.velocity_flex_deg_s = std::abs(*flex);
    }
    if (const Entry* g = find(p, "configuration", "gravity"); g && !g->values.empty()) {
      const std::string v = lower(g->values.back());
      f.gravity_corrected = !(g->values[0] == "0" || v == "off" || v == "pois" || v == "aus");
    }
    if (const auto reps = first_number(find(p, "configuration", "termination val")); reps && *reps >= 1 && *reps <= 1000)
      f.reps = static_cast<int>(*reps);

    // [data]: one blank line, then rows of torque, speed, angle.
    SampleColumns& s = trial.samples;
    std::vector<std::size_t> row_line;
    for (std::size_t l = p.data_from; l < lines.size(); ++l) {
      if (trim(lines[l].text).empty()) continue;
      const auto fields = split_fields(lines[l].text, ' ');
      if (fields.size() < 3)
        throw InputError(fmt::format("{}:{}: [data] row has {} values, expected torque, speed, angle", file,
                                     lines[l].number, fields.size()));
      std::array<double, 3> v{};
      for (std::size_t k = 0; k < 3; ++k) {
        std::string why;
        const auto x = parse_number(fields[k], '.', &why);
        if (!x) throw InputError(fmt::format("{}:{}: [data] {} '{}' is {}", file, lines[l].number,
                                             k == 0 ? "torque" : k == 1 ? "speed" : "angle", fields[k], why));
        v[k] = *x;
      }
      s.torque_nm.push_back(v[0]);
      s.velocity_deg_s.push_back(-v[1]);  // Con-Trex: extension +; isokin: extension -
      s.angle_deg.push_back(-v[2]);       // Con-Trex: -87 flexed .. -6 extended; isokin: flexion
      row_line.push_back(lines[l].number);
    }
    // The trailing all-zero row.
    if (!s.torque_nm.empty() && s.torque_nm.back() == 0 && s.velocity_deg_s.back() == 0 && s.angle_deg.back() == 0) {
      s.torque_nm.pop_back();
      s.velocity_deg_s.pop_back();
      s.angle_deg.pop_back();
    }
    const std::size_t rows = s.torque_nm.size();
    if (declared && (*declared != static_cast<double>(rows)))
      throw InputError(fmt::format("{}:{}: [Measurement] samples states {:g}, [data] has {} rows{}", file,
                                   samples_entry->line, *declared, rows,
                                   static_cast<double>(rows) < *declared ? ": the file is cut short" : ""));
    if (rows < 2) throw InputError(fmt::format("{}: [data] has {} rows: a trial needs at least two samples", file, rows));
    s.time_s.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) s.time_s[i] = static_cast<double>(i) / *rate;

    // Counted movements: from each marker to the next; the last as long as the median.
    std::vector<std::size_t> starts = marker_indices(find(p, "markers by index", "move 1"), file, rows);
    const auto flex_starts = marker_indices(find(p, "markers by index", "move 2"), file, rows);
    starts.insert(starts.end(), flex_starts.begin(), flex_starts.end());
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    if (!starts.empty()) {
      std::vector<std::size_t> lengths;
      for (std::size_t k = 1; k < starts.size(); ++k) lengths.push_back(starts[k] - starts[k - 1]);
      std::size_t typical = rows / 4;
      if (!lengths.empty()) {
        std::nth_element(lengths.begin(), lengths.begin() + static_cast<std::ptrdiff_t>(lengths.size() / 2), lengths.end());
        typical = lengths[lengths.size() / 2];
      }
      for (std::size_t k = 0; k < starts.size(); ++k) {
        const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : std::min(rows, starts[k] + typical);
        if (end > starts[k]) trial.counted.push_back({starts[k], end});
      }
    }
    for (auto& n : apply_isokin_signs(s, f.mode.value_or(TestMode::con_con))) trial.notes.push_back(std::move(n));
    if (f.gravity_corrected.value_or(false))
      trial.notes.emplace_back("the torque was gravity-corrected by Con-Trex: it is not corrected again");
    return trial;
  }
};

}  // namespace

const VendorReader& contrex_ctm_reader() {
  static const ContrexCtmReader reader;
  return reader;
}

}  // namespace isokin::import
