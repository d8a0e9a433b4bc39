#include "analysis_json/cutoff_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "model/error.hpp"

namespace isokin::analysis_json {
namespace {

using analysis::Cutoff;
using analysis::CutoffKind;

const std::set<std::string_view> kKnownKeys{"id",
                                            "kind",
                                            "value",
                                            "comparison",
                                            "velocity_deg_s",
                                            "hamstrings_velocity_deg_s",
                                            "quadriceps_velocity_deg_s",
                                            "basis",
                                            "contraction",
                                            "population",
                                            "source",
                                            "note"};

struct RowContext {
  std::string_view source;
  std::size_t index;
  std::string id;
  [[noreturn]] void fail(const std::string& what) const {
    if (id.empty()) throw InputError(fmt::format("{}: cutoff {}: {}", source, index, what));
    throw InputError(fmt::format("{}: cutoff {} (id \"{}\"): {}", source, index, id, what));
  }
};

std::string required_string(const toml::table& row, const char* key, const RowContext& ctx) {
  const auto* node = row.get(key);
  if (!node) ctx.fail(fmt::format("'{}' is missing", key));
  const auto value = node->value<std::string>();
  if (!value || value->empty()) ctx.fail(fmt::format("'{}' must be a non-empty string", key));
  return *value;
}

double optional_number(const toml::table& row, const char* key, const RowContext& ctx, double fallback) {
  const auto* node = row.get(key);
  if (!node) return fallback;
  const auto value = node->value<double>();  // accepts integers and floats
  if (!value || !std::isfinite(*value)) ctx.fail(fmt::format("'{}' must be a number", key));
  return *value;
}

Cutoff parse_row(const toml::table& row, RowContext ctx) {
  for (const auto& [key, node] : row) {
    (void)node;
    if (!kKnownKeys.count(key.str())) ctx.fail(fmt::format("unknown key '{}'", key.str()));
  }
  Cutoff c;
  c.id = required_string(row, "id", ctx);
  ctx.id = c.id;
  const std::string kind = required_string(row, "kind", ctx);
  const auto parsed_kind = analysis::parse_cutoff_kind(kind);
  if (!parsed_kind)
    ctx.fail(fmt::format("'kind' is \"{}\"; expected conventional, functional, bilateral-deficit, lsi or cv", kind));
  c.kind = *parsed_kind;
  if (!row.get("value")) ctx.fail("'value' is missing");
  c.value = optional_number(row, "value", ctx, 0);
  // A percent typed for a ratio (47 for 0.47) would flag nothing or everything.
  const auto [low, high] = analysis::plausible_cutoff_range(c.kind);
  if (!(c.value >= low && c.value <= high))
    ctx.fail(fmt::format("'value' {} is outside the plausible range {} to {} for a {} cut-off{}", c.value, low, high,
                         kind,
                         c.kind == CutoffKind::conventional || c.kind == CutoffKind::functional
                             ? " (a ratio such as 0.47, not a percent)"
                             : " (percent)"));
  const std::string comparison = required_string(row, "comparison", ctx);
  const auto parsed_comparison = analysis::parse_comparison(comparison);
  if (!parsed_comparison) ctx.fail(fmt::format("'comparison' is \"{}\"; expected below or above", comparison));
  c.comparison = *parsed_comparison;
  c.velocity_deg_s = optional_number(row, "velocity_deg_s", ctx, analysis::kNaN);
  c.hamstrings_velocity_deg_s = optional_number(row, "hamstrings_velocity_deg_s", ctx, analysis::kNaN);
  c.quadriceps_velocity_deg_s = optional_number(row, "quadriceps_velocity_deg_s", ctx, analysis::kNaN);
  if (c.kind == CutoffKind::functional && row.get("velocity_deg_s"))
    ctx.fail("functional rows take hamstrings_velocity_deg_s and quadriceps_velocity_deg_s, not velocity_deg_s");
  if (c.kind != CutoffKind::functional &&
      (row.get("hamstrings_velocity_deg_s") || row.get("quadriceps_velocity_deg_s")))
    ctx.fail("only functional rows take hamstrings_velocity_deg_s and quadriceps_velocity_deg_s");
  for (double v : {c.velocity_deg_s, c.hamstrings_velocity_deg_s, c.quadriceps_velocity_deg_s})
    if (v <= 0) ctx.fail("velocities must be positive (deg/s, magnitudes)");
  const std::string basis = required_string(row, "basis", ctx);
  const auto parsed_basis = analysis::parse_cutoff_basis(basis);
  if (!parsed_basis)
    ctx.fail(fmt::format("'basis' is \"{}\"; expected gravity-corrected, uncorrected or any", basis));
  c.basis = *parsed_basis;
  if (c.basis == analysis::CutoffBasis::any &&
      (c.kind == CutoffKind::conventional || c.kind == CutoffKind::functional))
    ctx.fail("an H:Q cut-off needs 'basis' gravity-corrected or uncorrected (the correction changes the ratio)");
  if (const auto* node = row.get("contraction")) {
    const auto text = node->value<std::string>();
    const auto parsed = text ? parse_contraction(*text) : std::nullopt;
    if (!parsed || *parsed == Contraction::isometric)
      ctx.fail("'contraction' must be \"concentric\" or \"eccentric\"");
    if (c.kind == CutoffKind::conventional || c.kind == CutoffKind::functional)
      ctx.fail("H:Q rows take no 'contraction' (conventional is Hcon/Qcon, functional Hecc/Qcon)");
    c.contraction = *parsed;
  }
  c.population = required_string(row, "population", ctx);
  c.source = required_string(row, "source", ctx);
  if (const auto* note = row.get("note")) {
    const auto text = note->value<std::string>();
    if (!text) ctx.fail("'note' must be a string");
    c.note = *text;
  }
  return c;
}

}  // namespace

analysis::CutoffTable parse_cutoff_table(std::string_view text, std::string_view source) {
  toml::table doc;
  try {
    doc = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}: line {}: {}", source, e.source().begin.line, e.description()));
  }
  for (const auto& [key, node] : doc) {
    (void)node;
    if (key.str() != "cutoff")
      throw InputError(fmt::format("{}: unknown key '{}' (rows are [[cutoff]] tables)", source, key.str()));
  }
  analysis::CutoffTable table;
  const auto* rows = doc.get_as<toml::array>("cutoff");
  if (!rows) throw InputError(fmt::format("{}: no [[cutoff]] rows", source));
  std::set<std::string> ids;
  std::size_t index = 0;
  for (const auto& node : *rows) {
    ++index;
    const auto* row = node.as_table();
    if (!row) throw InputError(fmt::format("{}: cutoff {}: not a table", source, index));
    Cutoff c = parse_row(*row, RowContext{source, index, {}});
    if (!ids.insert(c.id).second)
      throw InputError(fmt::format("{}: cutoff {}: id \"{}\" appears twice", source, index, c.id));
    table.rows.push_back(std::move(c));
  }
  return table;
}

analysis::CutoffTable load_cutoff_table(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open cut-off table", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_cutoff_table(text.str(), file.string());
}

analysis::CutoffTable shipped_cutoff_table() { return parse_cutoff_table(shipped_cutoffs_toml(), "cutoffs.toml"); }

analysis::CutoffTable cutoff_table_for(const std::string& merge_file, const std::string& only_file) {
  if (!merge_file.empty() && !only_file.empty())
    throw InputError("--cutoffs and --cutoffs-only: give one (merge over the shipped table, or replace it)");
  if (!only_file.empty()) return load_cutoff_table(only_file);
  const auto shipped = shipped_cutoff_table();
  if (merge_file.empty()) return shipped;
  return analysis::merge_cutoff_tables(shipped, load_cutoff_table(merge_file));
}

}  // namespace isokin::analysis_json
