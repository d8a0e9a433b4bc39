// --shard auto from a Slurm job array's variables, and %a in output names.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "batch/slurm_array.hpp"
#include "model/error.hpp"

using namespace isokin::batch;

namespace {
ArrayShard from(const std::map<std::string, std::string>& env) {
  return shard_from_slurm([&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

std::string refusal(const std::map<std::string, std::string>& env) {
  try {
    from(env);
  } catch (const isokin::InputError& e) {
    return e.what();
  }
  return "accepted";
}
}  // namespace

TEST(ShardFromSlurm, ArrayFromZero_IdZeroIsShardOne) {
  const auto a = from({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_COUNT", "8"}});
  EXPECT_EQ(a.shard.index, 1u);
  EXPECT_EQ(a.shard.count, 8u);
  EXPECT_EQ(a.task_id, 0u);
}

TEST(ShardFromSlurm, EveryTaskOfAnArray_TheShardsOneToN) {
  for (std::size_t id = 5; id <= 11; ++id) {
    const auto a = from({{"SLURM_ARRAY_TASK_ID", std::to_string(id)},
                         {"SLURM_ARRAY_TASK_MIN", "5"},
                         {"SLURM_ARRAY_TASK_COUNT", "7"}});
    EXPECT_EQ(a.shard.index, id - 4);
    EXPECT_EQ(a.shard.count, 7u);
    EXPECT_EQ(a.task_id, id);
  }
}

TEST(ShardFromSlurm, SteppedArray_IdsMappedThroughTheStep) {
  // sbatch --array=0-12:4 -> ids 0, 4, 8, 12
  const auto a = from({{"SLURM_ARRAY_TASK_ID", "8"},
                       {"SLURM_ARRAY_TASK_MIN", "0"},
                       {"SLURM_ARRAY_TASK_COUNT", "4"},
                       {"SLURM_ARRAY_TASK_STEP", "4"}});
  EXPECT_EQ(a.shard.index, 3u);
  EXPECT_EQ(a.shard.count, 4u);
}

TEST(ShardFromSlurm, MissingOrBadVariables_RefusedByName) {
  EXPECT_NE(refusal({}).find("SLURM_ARRAY_TASK_ID is not set"), std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "1"}, {"SLURM_ARRAY_TASK_MIN", "0"}}).find("SLURM_ARRAY_TASK_COUNT"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "x1"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})
                .find("SLURM_ARRAY_TASK_ID='x1'"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "-1"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})
                .find("not a whole number"),
            std::string::npos);
  // --array=1,4,9: three tasks whose ids are not consecutive
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "9"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "3"}})
                .find("SLURM_ARRAY_TASK_ID=9"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "2"}, {"SLURM_ARRAY_TASK_COUNT", "3"}})
                .find("below"),
            std::string::npos);
  EXPECT_NE(refusal({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_COUNT", "0"}})
                .find("COUNT=0"),
            std::string::npos);
}

TEST(ArrayPattern, PercentA_TheNumberEverywhere) {
  EXPECT_EQ(expand_array_pattern("parts/efforts-%a.csv", 7, "--out"), "parts/efforts-7.csv");
  EXPECT_EQ(expand_array_pattern("%a/%a.csv", 12, "--out"), "12/12.csv");
  EXPECT_EQ(expand_array_pattern("100%%-%a.csv", 0, "--out"), "100%-0.csv");
  EXPECT_EQ(expand_array_pattern("plain.csv", std::nullopt, "--out"), "plain.csv");
}

TEST(ArrayPattern, UnknownPatternOrNoShard_RefusedNamingTheOption) {
  for (const auto& [name, number] : std::vector<std::pair<std::string, std::optional<std::size_t>>>{
           {"x-%j.csv", 1}, {"x-%", 1}, {"x-%a.csv", std::nullopt}}) {
    try {
      expand_array_pattern(name, number, "--ratios");
      ADD_FAILURE() << name;
    } catch (const isokin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--ratios"), std::string::npos) << e.what();
    }
  }
}
