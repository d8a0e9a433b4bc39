// IsoMed 2000 .txt exports: no header, 10 numeric columns per row, 200 Hz:
//   1 time in ms, 2 position in 1/10 deg, 3 torque in 1/10 N·m, 4 velocity in 1/10 deg/s,
//   6 the repetition phase (2, 4, 6 ... while a counted movement runs).
// Torque and velocity signs are opposite to isokin's. The other columns are not read.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "import/csv_dialect.hpp"
#include "import/movement_signs.hpp"
#include "import/text_lines.hpp"
#include "import/vendor_formats.hpp"
#include "model/error.hpp"

namespace isokin::import {
namespace {

constexpr std::size_t kColumns = 10;

struct Dialect2 {
  char delimiter;
  char decimal;
};

std::optional<std::vector<double>> row(std::string_view line, Dialect2 d) {
  const auto f = split_fields(line, d.delimiter);
  std::size_t n = f.size();
  while (n > 0 && f[n - 1].empty()) --n;  // a trailing separator
  if (n != kColumns) return std::nullopt;
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = parse_number(f[i], d.decimal);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

std::optional<Dialect2> dialect_of(const std::vector<Line>& lines) {
  for (const Dialect2 d : {Dialect2{' ', '.'}, Dialect2{';', '.'}, Dialect2{';', ','}, Dialect2{' ', ','}, Dialect2{',', '.'}}) {
    std::size_t checked = 0;
    double last_time = -1e300;
    bool ok = true;
    for (std::size_t l = 0; l < lines.size() && checked < 20; ++l) {
      if (trim(lines[l].text).empty()) continue;
      const auto r = row(lines[l].text, d);
      if (!r || (*r)[0] <= last_time) {
        ok = false;
        break;
      }
      last_time = (*r)[0];
      ++checked;
    }
    if (ok && checked >= 3) return d;
  }
  return std::nullopt;
}

class IsomedTxtReader final : public VendorReader {
 public:
  std::string_view name() const override { return "isomed-txt"; }
  std::string_view version() const override { return "1"; }

  bool recognizes(std::string_view text) const override {
    return dialect_of(split_lines(text.substr(0, 8192))).has_value();
  }

  VendorTrial read(std::string_view text, const std::string& file, const ReadHints& hints) const override {
    const auto lines = split_lines(text);
    const auto d = dialect_of(lines);
    if (!d) throw InputError(fmt::format("{}: not an IsoMed 2000 export (rows of 10 numbers)", file));
    VendorTrial trial;
    trial.facts.device_model = "IsoMed 2000";
    SampleColumns& s = trial.samples;
    std::vector<long> phase;
    for (const Line& line : lines) {
      if (trim(line.text).empty()) continue;
      const auto r = row(line.text, *d);
      if (!r) {
        throw InputError(fmt::format("{}:{}: expected {} numbers, found '{}'", file, line.number, kColumns,
                                     std::string(trim(line.text)).substr(0, 80)));
      }
      s.time_s.push_back((*r)[0] * 1e-3);
      s.angle_deg.push_back((*r)[1] * 0.1);
      s.torque_nm.push_back(-(*r)[2] * 0.1);
      s.velocity_deg_s.push_back(-(*r)[3] * 0.1);
      phase.push_back(std::lround((*r)[5]));
    }
    if (s.time_s.size() < 2) throw InputError(fmt::format("{}: fewer than two data rows", file));
    angle_as_flexion(s.angle_deg);
    for (auto& n : apply_isokin_signs(s, hints.mode.value_or(TestMode::con_con))) trial.notes.push_back(std::move(n));
    trial.counted = runs_of_marks(phase, [](long p) { return p > 0 && p % 2 == 0; });
    return trial;
  }
};

}  // namespace

const VendorReader& isomed_txt_reader() {
  static const IsomedTxtReader reader;
  return reader;
}

}  // namespace isokin::import
