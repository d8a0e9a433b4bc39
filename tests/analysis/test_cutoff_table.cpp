// The cut-off table: the shipped file equals the built-in defaults, lookups by
// velocity, and clear errors for bad files.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "analysis/session_analysis.hpp"
#include "analysis_json/cutoff_file.hpp"
#include "model/error.hpp"

using namespace isokin;
using namespace isokin::analysis;
using isokin::analysis_json::parse_cutoff_table;

namespace {
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

std::string error_of(const std::string& toml) {
  try {
    parse_cutoff_table(toml, "bad.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(CutoffTable, ShippedFileAndEmbeddedCopy_EqualBuiltInDefaults) {
  const CutoffTable builtin = default_cutoff_table();
  for (const CutoffTable& t : {analysis_json::shipped_cutoff_table(), analysis_json::load_cutoff_table(ISOKIN_CUTOFFS_FILE)}) {
    ASSERT_EQ(t.rows.size(), builtin.rows.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      const Cutoff& a = t.rows[i];
      const Cutoff& b = builtin.rows[i];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.kind, b.kind);
      EXPECT_EQ(a.value, b.value);
      EXPECT_EQ(a.comparison, b.comparison);
      EXPECT_TRUE(same(a.velocity_deg_s, b.velocity_deg_s)) << a.id;
      EXPECT_TRUE(same(a.hamstrings_velocity_deg_s, b.hamstrings_velocity_deg_s)) << a.id;
      EXPECT_TRUE(same(a.quadriceps_velocity_deg_s, b.quadriceps_velocity_deg_s)) << a.id;
      EXPECT_EQ(a.source, b.source);
      EXPECT_EQ(a.note, b.note);
      EXPECT_EQ(a.basis, b.basis) << a.id;
      EXPECT_EQ(a.population, b.population) << a.id;
      EXPECT_EQ(a.contraction, b.contraction) << a.id;
    }
  }
}

TEST(CutoffTable, Defaults_HoldTheIssueRows) {
  const CutoffTable t = default_cutoff_table();
  const Cutoff* c60 = find_cutoff(t, CutoffKind::conventional, 60);
  ASSERT_NE(c60, nullptr);
  EXPECT_EQ(c60->value, 0.47);
  EXPECT_TRUE(is_flagged(*c60, 0.46));
  EXPECT_FALSE(is_flagged(*c60, 0.47));
  EXPECT_EQ(find_cutoff(t, CutoffKind::conventional, 180), nullptr);
  const Cutoff* f = find_cutoff(t, CutoffKind::functional, 30, 240);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, 0.80);
  EXPECT_EQ(find_cutoff(t, CutoffKind::functional, 60, 240), nullptr);
  EXPECT_EQ(find_cutoff(t, CutoffKind::bilateral_deficit, 123)->value, 15);
  EXPECT_TRUE(is_flagged(*find_cutoff(t, CutoffKind::bilateral_deficit, 60), 15.1));
  EXPECT_TRUE(is_flagged(*find_cutoff(t, CutoffKind::lsi, 60), 89.9));
  EXPECT_TRUE(is_flagged(*find_cutoff(t, CutoffKind::cv, 60), 10.5));
  EXPECT_FALSE(is_flagged(*find_cutoff(t, CutoffKind::cv, 60), NAN));
}

TEST(CutoffTable, CustomFile_ReplacesTheTable) {
  const CutoffTable t = parse_cutoff_table(R"(
[[cutoff]]
id = "hq-180"
kind = "conventional"
value = 0.6
comparison = "below"
basis = "gravity-corrected"
velocity_deg_s = 180
population = "our lab's athletes"
source = "lab protocol"
)",
                                           "mine.toml");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_NE(find_cutoff(t, CutoffKind::conventional, 180, kNaN, true), nullptr);
  EXPECT_EQ(find_cutoff(t, CutoffKind::conventional, 60, kNaN, true), nullptr);
  // A gravity-corrected row has nothing to compare with in an uncorrected trial.
  EXPECT_EQ(find_cutoff(t, CutoffKind::conventional, 180, kNaN, false), nullptr);
}

TEST(CutoffTable, BadFiles_ErrorNamesFileRowAndField) {
  EXPECT_NE(error_of("[[cutoff]]\nid = \"a\"\nkind = \"hq\"\nvalue = 1\ncomparison = \"below\"\nbasis = \"any\"\npopulation = \"p\"\nsource = \"s\"\n")
                .find("bad.toml: cutoff 1 (id \"a\"): 'kind'"),
            std::string::npos);
  EXPECT_NE(error_of("[[cutoff]]\nid = \"a\"\nkind = \"cv\"\nvalue = \"ten\"\ncomparison = \"above\"\nbasis = \"any\"\npopulation = \"p\"\nsource = \"s\"\n")
                .find("'value' must be a number"),
            std::string::npos);
  EXPECT_NE(error_of("[[cutoff]]\nid = \"a\"\nkind = \"cv\"\nvalue = 10\ncomparison = \"above\"\nbasis = \"any\"\npopulation = \"p\"\nsource = \"s\"\nspeed = 3\n")
                .find("unknown key 'speed'"),
            std::string::npos);
  EXPECT_NE(error_of("[[cutoff]]\nid = \"a\"\nkind = \"cv\"\nvalue = 10\ncomparison = \"over\"\nbasis = \"any\"\npopulation = \"p\"\nsource = \"s\"\n")
                .find("'comparison'"),
            std::string::npos);
  EXPECT_NE(error_of("[[cutoff]]\nid = \"a\"\nkind = \"cv\"\nvalue = 10\ncomparison = \"above\"\nbasis = \"any\"\npopulation = \"p\"\n").find("'source' is missing"),
            std::string::npos);
  EXPECT_NE(error_of("[[cutoff\n").find("bad.toml: line 1"), std::string::npos);
  EXPECT_NE(error_of("title = \"x\"\n").find("unknown key 'title'"), std::string::npos);
  EXPECT_NE(error_of("").find("no [[cutoff]] rows"), std::string::npos);
  std::string dup = "[[cutoff]]\nid = \"a\"\nkind = \"cv\"\nvalue = 10\ncomparison = \"above\"\nbasis = \"any\"\npopulation = \"p\"\nsource = \"s\"\n";
  EXPECT_NE(error_of(dup + dup).find("appears twice"), std::string::npos);
  EXPECT_THROW(analysis_json::load_cutoff_table("/nonexistent/cutoffs.toml"), InputError);
}

TEST(CutoffTable, ImplausibleValue_RefusedNamingFileRowValueAndRange) {
  const std::string e = error_of(
      "[[cutoff]]\nid = \"hq\"\nkind = \"conventional\"\nvalue = 47\ncomparison = \"below\"\nbasis = "
      "\"uncorrected\"\npopulation = \"p\"\nsource = \"s\"\n");
  EXPECT_NE(e.find("bad.toml: cutoff 1 (id \"hq\"): 'value' 47 is outside the plausible range 0.2 to 1.5"),
            std::string::npos)
      << e;
  // An H:Q row must say its basis: the gravity correction changes the ratio.
  EXPECT_NE(error_of("[[cutoff]]\nid = \"hq\"\nkind = \"conventional\"\nvalue = 0.5\ncomparison = \"below\"\nbasis = "
                     "\"any\"\npopulation = \"p\"\nsource = \"s\"\n")
                .find("'basis'"),
            std::string::npos);
}

TEST(CutoffTable, MergeOverShipped_SameIdReplacesOthersKept) {
  const CutoffTable mine = parse_cutoff_table(R"(
[[cutoff]]
id = "lsi-return-to-sport-90"
kind = "lsi"
value = 85
comparison = "below"
basis = "any"
population = "our clinic"
source = "clinic protocol"

[[cutoff]]
id = "hq-180"
kind = "conventional"
value = 0.6
comparison = "below"
basis = "uncorrected"
velocity_deg_s = 180
population = "our clinic"
source = "clinic protocol"
)",
                                              "mine.toml");
  const CutoffTable shipped = default_cutoff_table();
  const CutoffTable merged = merge_cutoff_tables(shipped, mine);
  ASSERT_EQ(merged.rows.size(), shipped.rows.size() + 1);
  EXPECT_EQ(find_cutoff(merged, CutoffKind::lsi, 60)->value, 85);  // replaced in place
  EXPECT_EQ(find_cutoff(merged, CutoffKind::bilateral_deficit, 60)->value, 15);  // kept
  EXPECT_EQ(find_cutoff(merged, CutoffKind::conventional, 60)->value, 0.47);    // kept
  EXPECT_EQ(find_cutoff(merged, CutoffKind::conventional, 180)->value, 0.6);    // added
}

TEST(CutoffTable, DecimalsShowTheSideOfTheCutoff) {
  const std::optional<Cutoff> lsi = *find_cutoff(default_cutoff_table(), CutoffKind::lsi, 60);
  EXPECT_EQ(decimals_showing_side(89.9, lsi, 0), 1);   // "89.9", never "90" beside a flag
  EXPECT_EQ(decimals_showing_side(89.96, lsi, 0), 2);  // "89.96"
  EXPECT_EQ(decimals_showing_side(95.4, lsi, 0), 0);
  EXPECT_EQ(decimals_showing_side(90.0, lsi, 0), 0);   // 90 is not below 90
  EXPECT_EQ(decimals_showing_side(89.9, std::nullopt, 0), 0);
}
