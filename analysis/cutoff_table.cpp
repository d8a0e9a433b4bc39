// The cut-off table: which values are flagged, against what, and on whose authority.
// The same rows ship as analysis/cutoffs.toml (replaceable with `isokin analyze
// --cutoffs FILE`); tests/analysis checks that the two agree.
#include <array>
#include <cmath>
#include <utility>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis {
namespace {

bool velocity_matches(double row_deg_s, double value_deg_s) {
  if (std::isnan(row_deg_s)) return true;
  return std::abs(row_deg_s - value_deg_s) <= 0.5;
}

constexpr std::array<std::pair<CutoffKind, std::string_view>, 5> kKinds{{{CutoffKind::conventional, "conventional"},
                                                                         {CutoffKind::functional, "functional"},
                                                                         {CutoffKind::bilateral_deficit, "bilateral-deficit"},
                                                                         {CutoffKind::lsi, "lsi"},
                                                                         {CutoffKind::cv, "cv"}}};

}  // namespace

CutoffTable default_cutoff_table() {
  CutoffTable t;
  Cutoff c;
  c.id = "hq-conventional-60";
  c.kind = CutoffKind::conventional;
  c.value = 0.47;
  c.comparison = Comparison::below;
  c.velocity_deg_s = 60;
  c.source = "Croisier et al. 2008, Am J Sports Med 36(8):1469-1475";
  c.note = "Hcon/Qcon at 60 deg/s; professional soccer players, uncorrected for gravity";
  t.rows.push_back(c);

  c = {};
  c.id = "hq-functional-30-240";
  c.kind = CutoffKind::functional;
  c.value = 0.80;
  c.comparison = Comparison::below;
  c.hamstrings_velocity_deg_s = 30;
  c.quadriceps_velocity_deg_s = 240;
  c.source = "Croisier et al. 2008, Am J Sports Med 36(8):1469-1475";
  c.note = "mixed ratio Hecc 30 deg/s / Qcon 240 deg/s (functional ratio concept: Aagaard et al. 1998)";
  t.rows.push_back(c);

  c = {};
  c.id = "bilateral-deficit-15";
  c.kind = CutoffKind::bilateral_deficit;
  c.value = 15;
  c.comparison = Comparison::above;
  c.source = "Croisier et al. 2008, as applied by Ardern et al. 2015, J Strength Cond Res 29(4):997-1002";
  c.note = "deficit of the weaker side, any muscle, contraction and velocity";
  t.rows.push_back(c);

  c = {};
  c.id = "lsi-return-to-sport-90";
  c.kind = CutoffKind::lsi;
  c.value = 90;
  c.comparison = Comparison::below;
  c.source = "Cristiani et al. 2019, Knee Surg Sports Traumatol Arthrosc 27(11):3461-3470";
  c.note = "limb symmetry index for return to sport after ACL reconstruction";
  t.rows.push_back(c);

  c = {};
  c.id = "cv-maximal-effort-10";
  c.kind = CutoffKind::cv;
  c.value = 10;
  c.comparison = Comparison::above;
  c.source = "Luoto et al. 1996, Scand J Rehabil Med 28(4):207-210";
  c.note = "CV of peak torques above 10 % suggests a submaximal (doubtful) effort";
  t.rows.push_back(c);
  return t;
}

const Cutoff* find_cutoff(const CutoffTable& table, CutoffKind kind, double velocity_deg_s,
                          double quadriceps_velocity_deg_s) {
  for (const auto& row : table.rows) {
    if (row.kind != kind) continue;
    if (kind == CutoffKind::functional) {
      if (velocity_matches(row.hamstrings_velocity_deg_s, velocity_deg_s) &&
          velocity_matches(row.quadriceps_velocity_deg_s, quadriceps_velocity_deg_s))
        return &row;
    } else if (velocity_matches(row.velocity_deg_s, velocity_deg_s)) {
      return &row;
    }
  }
  return nullptr;
}

bool is_flagged(const Cutoff& cutoff, double value) {
  if (!std::isfinite(value)) return false;
  return cutoff.comparison == Comparison::below ? value < cutoff.value : value > cutoff.value;
}

std::string_view to_string(CutoffKind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "?";
}

std::string_view to_string(Comparison comparison) { return comparison == Comparison::below ? "below" : "above"; }

std::optional<CutoffKind> parse_cutoff_kind(std::string_view text) {
  for (const auto& [k, name] : kKinds)
    if (name == text) return k;
  return std::nullopt;
}

std::optional<Comparison> parse_comparison(std::string_view text) {
  if (text == "below") return Comparison::below;
  if (text == "above") return Comparison::above;
  return std::nullopt;
}

}  // namespace isokin::analysis
