// The import door, end to end through `isokin import`: the generic CSV path's rough
// edges, plausibility refusals with their likely cause, options checked (dates that
// exist, finite numbers, ids from the documented character set), --force that never
// loses the old file, the provenance and counted movements in the session file, and
// the archive mode.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "store/session_store.hpp"
#include "vendor_writers.hpp"

namespace isokin {
namespace {

namespace fs = std::filesystem;

class ImportDoor : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("isokin-door-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& bytes) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }
  std::string p(const std::string& name) const { return "'" + (dir_ / name).string() + "'"; }
  int run(const std::string& args) {
    const char* bin = std::getenv("ISOKIN_BIN");
    if (bin == nullptr) throw std::runtime_error("ISOKIN_BIN is not set (run through ctest)");
    const std::string command = "timeout 30 " + std::string(bin) + " " + args + " >" + (dir_ / "out.txt").string() +
                                " 2>" + (dir_ / "err.txt").string();
    const int status = std::system(command.c_str());
    out_ = read(dir_ / "out.txt");
    err_ = read(dir_ / "err.txt");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::size_t files_in(const fs::path& folder) const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(folder)) ++n;
    return n;
  }
  fs::path dir_;
  std::string out_, err_;
};

test::CtmFacts ctm(void (*edit)(test::CtmFacts&) = nullptr) {
  test::CtmFacts f;
  if (edit != nullptr) edit(f);
  return f;
}

const std::string kArgs = " --side left --mode con-con --velocity 60";

// A small generic CSV: 100 Hz, angle 90 -> 0 and back, torque a sine.
std::string generic_csv(char delimiter = ',', char decimal = '.', const std::string& header =
                                                                     "time_s,torque_nm,angle_deg,velocity_deg_s") {
  std::string h = header;
  for (char& c : h)
    if (c == ',') c = delimiter;
  std::string out = h + "\n";
  for (int i = 0; i < 300; ++i) {
    const double t = i * 0.01;
    const double angle = 45 + 45 * std::cos(M_PI * t / 1.5);
    const double v = -45 * M_PI / 1.5 * std::sin(M_PI * t / 1.5);
    const double torque = 100 * std::sin(M_PI * t / 1.5);
    std::string row = test::num(t, 2) + delimiter + test::num(torque, 3) + delimiter + test::num(angle, 3) + delimiter +
                      test::num(v, 3);
    if (decimal == ',')
      for (std::size_t k = 0; k < row.size(); ++k)
        if (row[k] == '.') row[k] = ',';
    out += row + "\n";
  }
  return out;
}

TEST_F(ImportDoor, ExplicitDelimiterAndDecimalObeyed) {
  write("semi.csv", generic_csv(';', ','));
  EXPECT_EQ(run("import " + p("semi.csv") + " --out " + p("s.h5") + kArgs + " --delimiter semicolon --decimal ,"), 0) << err_;
  EXPECT_NE(out_.find("read by csv 2"), std::string::npos) << out_;
}

TEST_F(ImportDoor, SummaryBlockEndsTheDataWithANote) {
  write("sum.csv", generic_csv() + "\nSummary\nPeak torque,100.0\nWork,55\n");
  EXPECT_EQ(run("import " + p("sum.csv") + " --out " + p("s.h5") + kArgs), 0) << err_;
  EXPECT_NE(out_.find("the data end at line 301"), std::string::npos) << out_;
  EXPECT_EQ(store::list_trials(dir_ / "s.h5").front().sample_count, 300u);
}

TEST_F(ImportDoor, Utf16AndCp1252Text) {
  const std::string text = generic_csv(',', '.', "Time (s),Torque (N·m),Position (°),Speed (deg/s)");
  std::string utf16 = "\xFF\xFE";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size()) {  // the two non-ASCII letters of this header: · and °
      utf16 += static_cast<char>(static_cast<unsigned char>(text[++i]));
      utf16 += '\0';
    } else {
      utf16 += static_cast<char>(c);
      utf16 += '\0';
    }
  }
  write("u16.csv", utf16);
  EXPECT_EQ(run("import " + p("u16.csv") + " --out " + p("a.h5") + kArgs), 0) << err_;
  EXPECT_NE(out_.find("UTF-16LE"), std::string::npos) << out_;
  std::string latin1 = "Time (s),Torque (Nm),Position (\xB0),Speed (deg/s)\n" + generic_csv().substr(generic_csv().find('\n') + 1);
  write("l1.csv", latin1);
  EXPECT_EQ(run("import " + p("l1.csv") + " --out " + p("b.h5") + kArgs), 0) << err_;
  EXPECT_NE(out_.find("cp1252"), std::string::npos) << out_;
}

TEST_F(ImportDoor, NanRowRefusedUnlessSkipBadRows) {
  std::string text = generic_csv();
  const auto at = text.find("\n1.00,");
  text.replace(at + 1, text.find('\n', at + 1) - at - 1, "1.00,nan,10,0");
  write("nan.csv", text);
  EXPECT_EQ(run("import " + p("nan.csv") + " --out " + p("s.h5") + kArgs), 2);
  EXPECT_NE(err_.find("nan.csv:102: torque_nm: 'nan' is not finite"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "s.h5"));
  EXPECT_EQ(run("import " + p("nan.csv") + " --out " + p("s.h5") + kArgs + " --skip-bad-rows"), 0) << err_;
  EXPECT_NE(out_.find("skipped "), std::string::npos) << out_;
  EXPECT_NE(out_.find("nan.csv:102"), std::string::npos) << out_;
}

TEST_F(ImportDoor, TwoColumnsForOneChannelRefusedNamingBoth) {
  write("two.csv", generic_csv(',', '.', "time_s,Torque (N*m),angle_deg,velocity_deg_s") );
  std::string text = read(dir_ / "two.csv");
  // Add a second torque column.
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    out += line + (first ? ",torque_nm\n" : ",1\n");
    first = false;
    start = end + 1;
  }
  write("two.csv", out);
  EXPECT_EQ(run("import " + p("two.csv") + " --out " + p("s.h5") + kArgs), 2);
  EXPECT_NE(err_.find("two columns hold torque: 'Torque (N*m)' and 'torque_nm'"), std::string::npos) << err_;
}

TEST_F(ImportDoor, PlausibilityNamesTheLikelyCause) {
  // Times in ms in a column headed as seconds.
  std::string text = "time_s,torque_nm,angle_deg,velocity_deg_s\n";
  for (int i = 0; i < 200; ++i)
    text += std::to_string(i * 10) + "," + test::num(50 * std::sin(i * 0.03)) + "," + test::num(45 + 40 * std::cos(i * 0.03)) +
            "," + test::num(-40 * 0.03 * 100 * std::sin(i * 0.03)) + "\n";
  write("ms.csv", text);
  EXPECT_EQ(run("import " + p("ms.csv") + " --out " + p("s.h5") + kArgs), 2);
  EXPECT_NE(err_.find("time looks like ms read as s"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "s.h5"));
}

TEST_F(ImportDoor, BadOptionValuesRefusedByName) {
  write("a.csv", generic_csv());
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kArgs + " --body-mass nan"), 2);
  EXPECT_NE(err_.find("--body-mass"), std::string::npos) << err_;
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kArgs + " --date 2026-13-45"), 2);
  EXPECT_NE(err_.find("--date: '2026-13-45' is not a date that exists"), std::string::npos) << err_;
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kArgs + " --subject \"$(printf 'a\\033[31mb')\""), 2);
  EXPECT_NE(err_.find("--subject: 'a\\x1b[31mb'"), std::string::npos) << err_;
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kArgs + " --subject '=HYPERLINK(1)'"), 2);
  EXPECT_FALSE(fs::exists(dir_ / "s.h5"));
  // Unicode letters are ids too.
  EXPECT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kArgs + " --subject 'Jääskeläinen_01'"), 0) << err_;
  EXPECT_EQ(store::read_session_info(dir_ / "s.h5").subject.id, "Jääskeläinen_01");
}

TEST_F(ImportDoor, ForceThatFailsLeavesTheOldFileByteIdenticalAndNoStrayFile) {
  write("a.csv", generic_csv());
  ASSERT_EQ(run("import " + p("a.csv") + " --out " + p("s.h5") + kArgs), 0) << err_;
  const std::string before = read(dir_ / "s.h5");
  const std::size_t files = files_in(dir_);
  write("bad.csv", "time_s,torque_nm,angle_deg,velocity_deg_s\n0,1,2,3\n0.01,x,2,3\n");
  EXPECT_EQ(run("import " + p("bad.csv") + " --out " + p("s.h5") + kArgs + " --force"), 2);
  EXPECT_EQ(read(dir_ / "s.h5"), before);
  EXPECT_EQ(files_in(dir_), files + 1);  // bad.csv only (out.txt/err.txt existed already)
}

TEST_F(ImportDoor, ProvenanceAndCountedMovementsInTheSessionFile) {
  test::SimulationSpec spec;
  spec.rate_hz = 256;
  const auto sim = test::simulate_trial(spec);
  write("T1.CTM", test::contrex_ctm(sim, ctm()));
  ASSERT_EQ(run("import " + p("T1.CTM") + " --out " + p("s.h5")), 0) << err_;
  EXPECT_NE(out_.find("Con-Trex MJ export, read by contrex-ctm 1"), std::string::npos) << out_;
  const Session s = store::read_session(dir_ / "s.h5");
  const TrialInfo& info = s.trials.front().info;
  EXPECT_NE(info.source.find("import:T1.CTM; reader contrex-ctm 1; sha256 "), std::string::npos) << info.source;
  ASSERT_EQ(info.counted.size(), sim.counted.size());
  EXPECT_EQ(info.counted.front().begin, sim.counted.front().begin);
  // An option the file answers differently is refused naming both values.
  EXPECT_EQ(run("import " + p("T1.CTM") + " --out " + p("t.h5") + " --velocity 90"), 2);
  EXPECT_NE(err_.find("the file states the extension speed (deg/s) 60, --velocity says 90"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "t.h5"));
}

TEST_F(ImportDoor, ArchiveOneSessionPerSubjectAndDate_SkippedListed_ReRunAddsOnlyNew) {
  test::SimulationSpec spec;
  spec.rate_hz = 256;
  const auto sim = test::simulate_trial(spec);
  write("archive/a/T1.CTM", test::contrex_ctm(sim, ctm()));
  write("archive/a/T2.CTM", test::contrex_ctm(sim, ctm([](test::CtmFacts& f) { f.side = Side::left; })));
  write("archive/b/T3.CTM", test::contrex_ctm(sim, ctm([](test::CtmFacts& f) { f.date = "22.08.2025"; })));
  write("archive/b/notes.txt", "nothing to see here\n");
  write("archive/b/T4.CTA", test::contrex_ctm(sim, ctm([](test::CtmFacts& f) { f.with_data = false; })));
  ASSERT_EQ(run("import " + p("archive") + " --out " + p("sessions")), 0) << err_;
  EXPECT_NE(out_.find("3 files imported into 2 session files"), std::string::npos) << out_;
  EXPECT_NE(out_.find("skipped " + (dir_ / "archive/b/T4.CTA").string() + ":"), std::string::npos) << out_;
  EXPECT_NE(out_.find("notes.txt"), std::string::npos) << out_;
  EXPECT_NE(err_.find("[5/5]"), std::string::npos) << err_;
  std::size_t trials = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "sessions")) trials += store::list_trials(e.path()).size();
  EXPECT_EQ(trials, 3u);
  write("archive/b/T5.CTM", test::contrex_ctm(sim, ctm([](test::CtmFacts& f) { f.weight_kg = 70; })));
  ASSERT_EQ(run("import " + p("archive") + " --out " + p("sessions")), 0) << err_;
  EXPECT_NE(out_.find("1 file imported into 1 session file"), std::string::npos) << out_;
  EXPECT_NE(out_.find("3 imported before"), std::string::npos) << out_;
  EXPECT_EQ(files_in(dir_ / "sessions"), 2u);  // no temporary file left
}

}  // namespace
}  // namespace isokin
