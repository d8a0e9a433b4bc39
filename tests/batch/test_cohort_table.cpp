#include <gtest/gtest.h>

#include "batch/cohort_table.hpp"

using namespace isokin::batch;

namespace {
// An analysed session with one trial of two efforts.
isokin::analysis::SessionAnalysis two_efforts() {
  isokin::analysis::SessionAnalysis a;
  a.subject_id = "S1";
  a.trials.emplace_back();
  a.trials[0].id = "t";
  a.trials[0].efforts.resize(2);
  a.trials[0].efforts[0].muscle = isokin::Muscle::quadriceps;
  a.trials[0].efforts[0].summary.peak_torque_nm = 100;
  a.trials[0].efforts[1].muscle = isokin::Muscle::hamstrings;
  a.trials[0].efforts[1].summary.peak_torque_nm = 50;
  return a;
}
}  // namespace

TEST(CohortTables, FailedFile_OneRowWithPathAndError) {
  FileOutcome good{"a.h5", {"2026-01-02", session_tables(two_efforts())}, ""};
  FileOutcome bad{"b.h5", {}, "b.h5: not an HDF5 file"};
  const auto tables = build_cohort_tables({good, bad});
  EXPECT_EQ(tables.failed, 1u);
  ASSERT_EQ(tables.efforts.rows.size(), 3u);
  EXPECT_EQ(tables.efforts.columns.front(), "file");
  EXPECT_EQ(tables.efforts.columns.back(), "error");
  EXPECT_EQ(tables.efforts.rows[0][0], "a.h5");
  EXPECT_EQ(tables.efforts.rows[0][1], "2026-01-02");
  EXPECT_EQ(tables.efforts.rows[0].back(), "");
  EXPECT_EQ(tables.efforts.rows[2][0], "b.h5");
  EXPECT_EQ(tables.efforts.rows[2].back(), "b.h5: not an HDF5 file");
  for (const auto& row : tables.efforts.rows) EXPECT_EQ(row.size(), tables.efforts.columns.size());
}

TEST(CohortTables, AllFailed_HeaderStillComplete) {
  const auto tables = build_cohort_tables({{"x.h5", {}, "broken"}});
  EXPECT_GT(tables.efforts.columns.size(), 10u);
  EXPECT_EQ(tables.ratios.columns.front(), "file");
  EXPECT_TRUE(tables.ratios.rows.empty());
}
