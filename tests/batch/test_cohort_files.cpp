#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "batch/cohort_files.hpp"
#include "model/error.hpp"

namespace fs = std::filesystem;
using namespace isokin::batch;

namespace {
std::vector<fs::path> numbered(int n) {
  std::vector<fs::path> files;
  for (int i = 0; i < n; ++i) files.emplace_back("f" + std::to_string(1000 + i) + ".h5");
  return files;
}
}  // namespace

TEST(ParseShard, Valid_IndexAndCount) {
  const Shard s = parse_shard("3/8");
  EXPECT_EQ(s.index, 3u);
  EXPECT_EQ(s.count, 8u);
}

TEST(ParseShard, Invalid_InputErrorNamingTheOption) {
  for (const char* bad : {"0/4", "5/4", "1/0", "a/4", "2", "2/4x", "/4", ""}) {
    try {
      parse_shard(bad);
      ADD_FAILURE() << bad;
    } catch (const isokin::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--shard"), std::string::npos);
    }
  }
}

TEST(SelectShard, AllShards_DisjointAndTogetherEveryFile) {
  const auto files = numbered(23);
  for (std::size_t n : {1u, 2u, 4u, 7u, 30u}) {
    std::multiset<fs::path> seen;
    for (std::size_t i = 1; i <= n; ++i) {
      for (const auto& f : select_shard(files, {i, n})) seen.insert(f);
    }
    EXPECT_EQ(seen.size(), files.size()) << n;
    EXPECT_EQ(std::set<fs::path>(seen.begin(), seen.end()).size(), files.size()) << n;
  }
}

TEST(SelectShard, SecondOfThree_PositionsOneFourSeven) {
  const auto picked = select_shard(numbered(9), {2, 3});
  ASSERT_EQ(picked.size(), 3u);
  EXPECT_EQ(picked[0], "f1001.h5");
  EXPECT_EQ(picked[1], "f1004.h5");
  EXPECT_EQ(picked[2], "f1007.h5");
}

TEST(CollectSessionFiles, FolderAndFile_SortedUniqueH5Only) {
  const fs::path dir = fs::temp_directory_path() / ("isokin-batch-files-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  for (const char* name : {"b.h5", "a.h5", "notes.txt", "sub/c.h5"}) std::ofstream(dir / name) << "x";
  const auto files = collect_session_files({dir, dir / "a.h5", dir / "notes.txt"});
  const std::vector<fs::path> expected{dir / "a.h5", dir / "b.h5", dir / "notes.txt", dir / "sub/c.h5"};
  EXPECT_EQ(files, expected);
  EXPECT_THROW(collect_session_files({dir / "missing"}), isokin::InputError);
  fs::remove_all(dir);
}
