// --merge: parts of a sharded batch joined into exactly the whole batch's table,
// error rows included; incomplete, doubled or foreign sets refused.
#include <gtest/gtest.h>

#include <sstream>

#include "batch/cohort_files.hpp"
#include "batch/cohort_merge.hpp"
#include "batch/cohort_part.hpp"
#include "batch/cohort_table.hpp"
#include "export/table.hpp"
#include "model/error.hpp"

namespace fs = std::filesystem;
using namespace isokin;
using namespace isokin::batch;

namespace {

// A cohort of `n` files: every fifth failed (an error with a comma, a quote and a line
// break, which CSV must quote), every seventh analysed with no effort row.
std::vector<FileOutcome> cohort(std::size_t n) {
  const SessionTables empty = session_tables(analysis::SessionAnalysis{});
  std::vector<FileOutcome> outcomes;
  for (std::size_t i = 0; i < n; ++i) {
    FileOutcome o;
    o.file = fs::path("cohort") / ("s" + std::to_string(100 + i) + ".h5");
    if (i % 5 == 3) {
      o.error = "damaged chunk, \"torque\"\nat sample " + std::to_string(i);
    } else {
      o.result.date = "2026-01-0" + std::to_string(1 + i % 9);
      const std::size_t efforts = i % 7 == 6 ? 0 : 1 + i % 3;
      for (std::size_t e = 0; e < efforts; ++e)
        o.result.tables.efforts.rows.emplace_back(empty.efforts.columns.size(), std::to_string(i * 10 + e));
      if (i % 2 == 0) o.result.tables.ratios.rows.emplace_back(empty.ratios.columns.size(), std::to_string(i));
    }
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

std::string csv(const exporting::Table& table, const PartRecord* record) {
  std::ostringstream out;
  if (record) out << format_part_record(*record) << '\n';
  exporting::write_csv(out, table);
  return out.str();
}

const exporting::Table& pick(const CohortTables& t, const std::string& table) {
  return table == "efforts" ? t.efforts : t.ratios;
}

// The parts `isokin batch --shard i/n` writes for the cohort.
std::vector<PartText> parts(const std::vector<FileOutcome>& outcomes, std::size_t n, const std::string& table) {
  std::vector<fs::path> files;
  for (const auto& o : outcomes) files.push_back(o.file);
  std::vector<PartText> result;
  for (std::size_t i = 1; i <= n; ++i) {
    std::vector<FileOutcome> share;
    for (std::size_t k = i - 1; k < outcomes.size(); k += n) share.push_back(outcomes[k]);
    PartRecord record;
    record.shard = {i, n};
    record.table = table;
    record.cohort_files = files.size();
    record.shard_files = share.size();
    record.cohort = cohort_fingerprint(files);
    record.settings = fingerprint("defaults");
    result.push_back({"part-" + std::to_string(i) + ".csv", csv(pick(build_cohort_tables(share), table), &record)});
  }
  return result;
}

std::string refusal(const std::vector<PartText>& p) {
  try {
    merge_parts(p, true);
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST(MergeParts, AnyShardCount_ByteForByteTheWholeBatch) {
  const auto outcomes = cohort(23);
  for (const std::string table : {"efforts", "ratios"}) {
    const std::string whole = csv(pick(build_cohort_tables(outcomes), table), nullptr);
    for (std::size_t n : {1u, 2u, 3u, 5u, 30u}) {  // 30: more shards than files, some parts empty
      auto p = parts(outcomes, n, table);
      std::reverse(p.begin(), p.end());  // the order parts are given in does not matter
      const MergedTable merged = merge_parts(p, true);
      EXPECT_EQ(merged.csv, whole) << table << " " << n;
      if (table == "efforts") {
        EXPECT_EQ(merged.failed_files, 4u);  // files 3, 8, 13 and 18
      }
    }
  }
}

TEST(MergeParts, ErrorRows_CountedWithTheirFileAndText) {
  const auto merged = merge_parts(parts(cohort(10), 3, "efforts"), true);
  ASSERT_EQ(merged.failures.size(), 2u);
  EXPECT_EQ(merged.failures[0].first, (fs::path("cohort") / "s103.h5").string());
  EXPECT_EQ(merged.failures[0].second, "damaged chunk, \"torque\"\nat sample 3");
  EXPECT_EQ(merged.failures[1].first, (fs::path("cohort") / "s108.h5").string());
}

TEST(MergeParts, NoHeader_TheRowsAlone) {
  const auto outcomes = cohort(9);
  const std::string whole = csv(build_cohort_tables(outcomes).efforts, nullptr);
  EXPECT_EQ(merge_parts(parts(outcomes, 2, "efforts"), false).csv, whole.substr(whole.find('\n') + 1));
}

TEST(MergeParts, ShardMissing_RefusedNamingIt) {
  auto p = parts(cohort(12), 4, "efforts");
  p.erase(p.begin() + 2);
  const std::string why = refusal(p);
  EXPECT_NE(why.find("shard 3"), std::string::npos) << why;
  EXPECT_NE(why.find("missing"), std::string::npos) << why;
}

TEST(MergeParts, ShardTwice_RefusedNamingBothParts) {
  auto p = parts(cohort(12), 3, "efforts");
  p.push_back({"again.csv", p[1].text});
  const std::string why = refusal(p);
  EXPECT_NE(why.find("shard 2/3 is given twice: part-2.csv and again.csv"), std::string::npos) << why;
}

TEST(MergeParts, PartsOfDifferentBatches_Refused) {
  auto p = parts(cohort(12), 3, "efforts");
  auto other = parts(cohort(13), 3, "efforts");  // another cohort
  EXPECT_NE(refusal({p[0], other[1], p[2]}).find("cohort"), std::string::npos);
  auto ratios = parts(cohort(12), 3, "ratios");
  EXPECT_NE(refusal({p[0], ratios[1], p[2]}).find("table efforts against ratios"), std::string::npos);
  auto settings = p;
  const std::string old_fp = fingerprint("defaults");
  settings[1].text.replace(settings[1].text.find(old_fp), old_fp.size(), fingerprint("--no-gravity"));
  EXPECT_NE(refusal(settings).find("analysis settings"), std::string::npos);
}

TEST(MergeParts, NotAPartOrEdited_RefusedByName) {
  auto p = parts(cohort(12), 2, "efforts");
  const std::string plain = p[0].text.substr(p[0].text.find('\n') + 1);  // the record line removed
  EXPECT_NE(refusal({{"plain.csv", plain}, p[1]}).find("plain.csv: line 1"), std::string::npos);
  // Rows sorted by hand into another order.
  auto edited = p;
  std::string& t = edited[0].text;
  const std::size_t second_row = t.find('\n', t.find('\n') + 1) + 1;  // after record and header
  const std::string rows = t.substr(second_row);
  const std::size_t cut = rows.find("cohort/s104");
  ASSERT_NE(cut, std::string::npos);
  t = t.substr(0, second_row) + rows.substr(cut) + rows.substr(0, cut);
  EXPECT_NE(refusal(edited).find("not in the cohort's order"), std::string::npos) << refusal(edited);
  auto quote = p;
  quote[0].text += "\"open";
  EXPECT_NE(refusal(quote).find("never closed"), std::string::npos);
}

TEST(PartRecord, FormatThenParse_SameFields) {
  PartRecord r;
  r.shard = {3, 8};
  r.table = "bilateral";
  r.cohort_files = 400;
  r.shard_files = 50;
  r.cohort = fingerprint("a");
  r.settings = fingerprint("b");
  const auto back = parse_part_record(format_part_record(r), "p.csv");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->shard.index, 3u);
  EXPECT_EQ(back->shard.count, 8u);
  EXPECT_EQ(back->table, "bilateral");
  EXPECT_EQ(back->cohort_files, 400u);
  EXPECT_EQ(back->shard_files, 50u);
  EXPECT_EQ(back->cohort, r.cohort);
  EXPECT_FALSE(parse_part_record("file,date,subject_id", "p.csv"));
  EXPECT_THROW(parse_part_record("# isokin batch part: shard=9/8 table=efforts", "p.csv"), InputError);
}
