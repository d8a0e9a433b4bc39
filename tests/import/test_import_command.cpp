// `isokin import` end to end: exit codes, messages, nothing written on error, --append.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "store/session_store.hpp"

namespace isokin {
namespace {

namespace fs = std::filesystem;

class ImportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("isokin-import-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  // Runs isokin with the arguments; returns the exit code, stderr in err_.
  int run(const std::string& args) {
    const char* bin = std::getenv("ISOKIN_BIN");
    if (bin == nullptr) throw std::runtime_error("ISOKIN_BIN is not set (run through ctest)");
    const std::string command = std::string(bin) + " " + args + " >" + (dir_ / "out.txt").string() + " 2>" +
                                (dir_ / "err.txt").string();
    const int status = std::system(command.c_str());
    std::ifstream in(dir_ / "err.txt");
    err_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static std::string bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::string p(const std::string& name) const { return "'" + (dir_ / name).string() + "'"; }

  fs::path dir_;
  std::string err_;
};

const char* kGood = "time_s,torque_nm,angle_deg,velocity_deg_s\n0,10,90,0\n0.001,20,89.9,-100\n0.002,30,89.8,-100\n";
const char* kTrialArgs = " --side right --mode con-con --velocity 60";

TEST_F(ImportCommand, GoodCsv_WrittenAndReadBackEqual) {
  write("a.csv", kGood);
  ASSERT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S1 --body-mass 70 --date 2026-11-26 "
                "--gravity-torque 20 --gravity-angle 30 --reps 3"),
            0)
      << err_;
  const Session s = store::read_session(dir_ / "s.h5");
  EXPECT_EQ(s.info.subject.id, "S1");
  EXPECT_EQ(s.info.subject.body_mass_kg, 70);
  EXPECT_EQ(s.info.date, "2026-11-26");
  ASSERT_EQ(s.trials.size(), 1u);
  const Trial& t = s.trials[0];
  EXPECT_EQ(t.info.id, "01-right-con-con-60");
  EXPECT_EQ(t.info.side, Side::right);
  EXPECT_EQ(t.info.velocity_ext_deg_s, 60);
  EXPECT_EQ(t.info.velocity_flex_deg_s, 60);
  EXPECT_EQ(t.info.reps_requested, 3);
  ASSERT_TRUE(t.info.gravity.has_value());
  EXPECT_EQ(t.info.gravity->torque_nm, 20);
  EXPECT_EQ(t.info.source.rfind("import:a.csv; reader csv 2; sha256 ", 0), 0u) << t.info.source;
  EXPECT_DOUBLE_EQ(t.info.sample_rate_hz, 1000);
  EXPECT_EQ(t.samples.torque_nm, (isokin::Column{10, 20, 30}));
  EXPECT_EQ(t.samples.velocity_deg_s, (isokin::Column{0, -100, -100}));
}

TEST_F(ImportCommand, BadRows_Exit2AllRowsNamedNothingWritten) {
  write("bad.csv", "time_s,torque_nm,angle_deg,velocity_deg_s\n0,1,2,3\n0.001,x,2,3\n0.002,1,2,nan\n");
  EXPECT_EQ(run("import " + p("bad.csv") + " --out " + p("s.h5") + kTrialArgs), 2);
  EXPECT_NE(err_.find("bad.csv:3: torque_nm: 'x' is not a number"), std::string::npos) << err_;
  EXPECT_NE(err_.find("bad.csv:4: velocity_deg_s: 'nan' is not finite"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "s.h5"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 3) << "only bad.csv, out.txt, err.txt";
}

TEST_F(ImportCommand, MissingCsv_OneLineExit2) {
  EXPECT_EQ(run("import " + p("absent.csv") + " --out " + p("s.h5") + kTrialArgs), 2);
  EXPECT_NE(err_.find("absent.csv: no such file"), std::string::npos) << err_;
  EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "s.h5"));
}

TEST_F(ImportCommand, ExistingOutput_RefusedWithoutForce) {
  write("a.csv", kGood);
  ASSERT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S1"), 0) << err_;
  const std::string before = bytes(dir_ / "s.h5");
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S2"), 2);
  EXPECT_NE(err_.find("already exists"), std::string::npos) << err_;
  EXPECT_EQ(bytes(dir_ / "s.h5"), before);
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S2 --force"), 0) << err_;
  EXPECT_EQ(store::read_session_info(dir_ / "s.h5").subject.id, "S2");
}

TEST_F(ImportCommand, AppendSameSubject_SecondTrialAdded) {
  write("a.csv", kGood);
  write("b.csv", "Zeit;Moment;Winkel\n0;1,5;90\n0,01;2,5;89,4\n0,02;3,5;88,8\n");
  ASSERT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S1"), 0) << err_;
  ASSERT_EQ(run("import " + p("b.csv") + " --out " + p("s.h5") +
                " --side left --mode con-con --velocity 60 --append --columns time=Zeit,torque=Moment,angle=Winkel"),
            0)
      << err_;
  const auto trials = store::list_trials(dir_ / "s.h5");
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[1].info.id, "02-left-con-con-60");
  const Trial t = store::read_trial(dir_ / "s.h5", "02-left-con-con-60");
  EXPECT_EQ(t.samples.torque_nm, (isokin::Column{1.5, 2.5, 3.5}));
  ASSERT_EQ(t.samples.velocity_deg_s.size(), 3u);
  for (const double v : t.samples.velocity_deg_s) EXPECT_NEAR(v, -60, 1e-9);  // derived: -0.6 deg per 10 ms
}

TEST_F(ImportCommand, AppendOtherSubject_RefusedFileByteIdentical) {
  write("a.csv", kGood);
  ASSERT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S1"), 0) << err_;
  const std::string before = bytes(dir_ / "s.h5");
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S2 --append --trial-id x"), 2);
  EXPECT_NE(err_.find("belongs to subject 'S1', not 'S2'"), std::string::npos) << err_;
  EXPECT_EQ(bytes(dir_ / "s.h5"), before);
}

TEST_F(ImportCommand, AppendBadCsv_FileByteIdentical) {
  write("a.csv", kGood);
  write("bad.csv", "time_s,torque_nm,angle_deg,velocity_deg_s\n0,1,2,3\n-1,1,2,3\n");
  ASSERT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --subject S1"), 0) << err_;
  const std::string before = bytes(dir_ / "s.h5");
  EXPECT_EQ(run("import " + p("bad.csv") + " --out " + p("s.h5") + kTrialArgs + " --append"), 2);
  EXPECT_NE(err_.find("bad.csv:3: time_s goes backwards"), std::string::npos) << err_;
  EXPECT_EQ(bytes(dir_ / "s.h5"), before);
}

TEST_F(ImportCommand, BadOptions_Exit2) {
  write("a.csv", kGood);
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + " --side middle --mode con-con --velocity 60"), 2);
  EXPECT_NE(err_.find("--side"), std::string::npos) << err_;
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + " --side left --mode con-con"), 2);
  EXPECT_NE(err_.find("--velocity"), std::string::npos) << err_;
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --units torque=kgf"), 2);
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --gravity-torque 20"), 2);
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kTrialArgs + " --date 26/11/2026"), 2);
  EXPECT_NE(err_.find("YYYY-MM-DD"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "s.h5"));
}

}  // namespace
}  // namespace isokin
