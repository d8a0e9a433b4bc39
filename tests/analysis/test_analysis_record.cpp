// `--write`: the analysis stored under /analysis of a session file and read back.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "analysis/session_analysis.hpp"
#include "analysis_json/analysis_json.hpp"
#include "store/analysis_record.hpp"
#include "store/session_store.hpp"
#include "synthetic_trial.hpp"

using namespace isokin;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("isokin-analysis-record-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

Session session() {
  Session s;
  s.info.subject.id = "R1";
  s.info.subject.body_mass_kg = 70;
  s.info.date = "2026-11-26";
  test::SyntheticSpec spec;
  spec.id = "01-left-con-con-60";
  spec.reps = 2;
  s.trials.push_back(test::make_trial(spec));
  return s;
}

}  // namespace

TEST(AnalysisRecord, WriteThenRead_RoundTripsAndReplaces) {
  TempDir dir;
  const fs::path file = dir.path / "s.h5";
  const Session s = session();
  store::write_session(file, s, store::WriteMode::create);
  EXPECT_FALSE(store::read_analysis_record(file).has_value());

  const auto result = analysis::analyze_session(s, analysis::AnalysisOptions{});
  store::AnalysisRecord record;
  record.json = analysis_json::to_json(result, "isokin test").dump();
  record.parameters_json = analysis_json::parameters_json(result.options).dump();
  record.program = "isokin test";
  store::write_analysis_record(file, record);
  auto back = store::read_analysis_record(file);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->json, record.json);
  EXPECT_EQ(back->parameters_json, record.parameters_json);
  EXPECT_EQ(back->program, "isokin test");
  EXPECT_FALSE(back->created_at.empty());

  record.json = "{\"schema\":\"isokin-analysis\",\"version\":1}";
  store::write_analysis_record(file, record);
  back = store::read_analysis_record(file);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->json, record.json);
  // The session itself is untouched.
  const Session again = store::read_session(file);
  ASSERT_EQ(again.trials.size(), 1u);
  EXPECT_EQ(again.trials[0].samples.size(), s.trials[0].samples.size());
}

TEST(AnalysisRecord, MissingFile_StoreErrorAndNothingCreated) {
  TempDir dir;
  const fs::path file = dir.path / "none.h5";
  EXPECT_THROW(store::write_analysis_record(file, {}), InputError);
  EXPECT_FALSE(fs::exists(file));
}
