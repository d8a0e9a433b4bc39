// The cut-off table: which values are flagged, against what, and on whose authority.
// The same rows ship as analysis/cutoffs.toml (replaceable with `isokin analyze
// --cutoffs FILE`); tests/analysis checks that the two agree.
#include <algorithm>
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
  c.basis = CutoffBasis::uncorrected;
  c.velocity_deg_s = 60;
  c.population = "professional soccer players (men), preseason screening";
  c.source =
      "Croisier et al. 2008, Am J Sports Med 36(8):1469-1475 (imbalance criteria, Methods); restated in Ardern et al. 2015, J Strength Cond Res 29(4):997, abstract";
  c.note = "Hcon/Qcon at 60 deg/s on torques not corrected for gravity";
  t.rows.push_back(c);

  c = {};
  c.id = "hq-functional-30-240";
  c.kind = CutoffKind::functional;
  c.value = 0.80;
  c.comparison = Comparison::below;
  c.basis = CutoffBasis::uncorrected;
  c.hamstrings_velocity_deg_s = 30;
  c.quadriceps_velocity_deg_s = 240;
  c.population = "professional soccer players (men), preseason screening";
  c.source =
      "Croisier et al. 2008, Am J Sports Med 36(8):1469-1475 (imbalance criteria, Methods); restated in Ardern et al. 2015, J Strength Cond Res 29(4):997, abstract";
  c.note = "mixed ratio Hecc 30 deg/s / Qcon 240 deg/s (functional ratio concept: Aagaard et al. 1998, Am J Sports Med 26(2):231)";
  t.rows.push_back(c);

  c = {};
  c.id = "bilateral-deficit-15";
  c.kind = CutoffKind::bilateral_deficit;
  c.value = 15;
  c.comparison = Comparison::above;
  c.basis = CutoffBasis::any;
  c.population = "professional soccer players (men), preseason screening";
  c.source =
      "Croisier et al. 2008, Am J Sports Med 36(8):1469-1475 (imbalance criteria, Methods)";
  c.note = "deficit of the involved (or reference) side, any muscle, contraction and velocity";
  t.rows.push_back(c);

  c = {};
  c.id = "lsi-return-to-sport-90";
  c.kind = CutoffKind::lsi;
  c.value = 90;
  c.comparison = Comparison::below;
  c.basis = CutoffBasis::any;
  c.population = "patients 6 months after primary ACL reconstruction";
  c.source =
      "Cristiani et al. 2019, Knee Surg Sports Traumatol Arthrosc 27(11):3461-3470, abstract (Methods) p. 3461";
  c.note = "limb symmetry index (involved / uninvolved) for return to sport after ACL reconstruction";
  t.rows.push_back(c);

  c = {};
  c.id = "cv-maximal-effort-10";
  c.kind = CutoffKind::cv;
  c.value = 10;
  c.comparison = Comparison::above;
  c.basis = CutoffBasis::any;
  c.population = "trunk muscle tests, healthy subjects and low-back-pain patients";
  c.source =
      "Luoto et al. 1996, Scand J Rehabil Med 28(4):207-210";
  c.note = "CV of peak torques above 10 % suggests a submaximal (doubtful) effort";
  t.rows.push_back(c);
  return t;
}

const Cutoff* find_cutoff(const CutoffTable& table, CutoffKind kind, double velocity_deg_s,
                          double quadriceps_velocity_deg_s, bool gravity_corrected,
                          std::optional<Contraction> contraction) {
  for (const auto& row : table.rows) {
    if (row.kind != kind) continue;
    // A corrected-basis value does not exist for a trial without a limb weight.
    if (row.basis == CutoffBasis::gravity_corrected && !gravity_corrected) continue;
    if (row.contraction && contraction && *row.contraction != *contraction) continue;
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

CutoffTable merge_cutoff_tables(const CutoffTable& base, const CutoffTable& overrides) {
  CutoffTable merged = base;
  for (const auto& row : overrides.rows) {
    auto it = std::find_if(merged.rows.begin(), merged.rows.end(), [&](const Cutoff& c) { return c.id == row.id; });
    if (it != merged.rows.end())
      *it = row;
    else
      merged.rows.push_back(row);
  }
  return merged;
}

int decimals_showing_side(double value, const std::optional<Cutoff>& cutoff, int decimals) {
  if (!cutoff || !std::isfinite(value)) return decimals;
  const bool flagged = is_flagged(*cutoff, value);
  for (int d = std::max(decimals, 0); d <= 6; ++d) {
    const double scale = std::pow(10.0, d);
    const double shown = std::round(value * scale) / scale;
    // The number as read must fall on the same side of the cut-off as the value.
    if (is_flagged(*cutoff, shown) == flagged) return d;
  }
  return 6;
}

std::pair<double, double> plausible_cutoff_range(CutoffKind kind) {
  switch (kind) {
    case CutoffKind::conventional: return {0.2, 1.5};   // ratios, not percent
    case CutoffKind::functional: return {0.3, 2.0};
    case CutoffKind::bilateral_deficit: return {1, 50};  // percent
    case CutoffKind::lsi: return {50, 100};
    case CutoffKind::cv: return {1, 50};
  }
  return {0, 0};
}

std::string_view to_string(CutoffBasis basis) {
  switch (basis) {
    case CutoffBasis::any: return "any";
    case CutoffBasis::gravity_corrected: return "gravity-corrected";
    case CutoffBasis::uncorrected: return "uncorrected";
  }
  return "?";
}

std::optional<CutoffBasis> parse_cutoff_basis(std::string_view text) {
  for (const CutoffBasis b : {CutoffBasis::any, CutoffBasis::gravity_corrected, CutoffBasis::uncorrected})
    if (to_string(b) == text) return b;
  return std::nullopt;
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
