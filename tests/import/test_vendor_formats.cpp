// Each vendor format, from fixtures written here by tests/import/vendor_writers.hpp
// out of a simulated session (tests/import/simulated_session.hpp): imported with no
// option beyond what the format leaves unsaid, the metadata checked against what the
// fixture states, and the analysis's per-repetition peaks against the construction.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "analysis/session_analysis.hpp"
#include "import/import_request.hpp"
#include "import/vendor_reader.hpp"
#include "model/error.hpp"
#include "vendor_writers.hpp"

namespace isokin {
namespace {

namespace fs = std::filesystem;
using import::ImportRequest;

class VendorFormats : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("isokin-vendor-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }
  fs::path dir_;
};

const analysis::EffortAnalysis* effort(const analysis::TrialAnalysis& a, Muscle muscle) {
  for (const auto& e : a.efforts)
    if (e.muscle == muscle) return &e;
  return nullptr;
}

bool has_message(const analysis::TrialAnalysis& a, const std::string& code) {
  return std::any_of(a.messages.begin(), a.messages.end(), [&](const analysis::Message& m) { return m.code == code; });
}

ImportRequest con_con() {
  ImportRequest r;
  r.mode = TestMode::con_con;
  return r;
}

test::CtmFacts ctm(void (*edit)(test::CtmFacts&) = nullptr) {
  test::CtmFacts f;
  if (edit != nullptr) edit(f);
  return f;
}

// The analysis of the imported trial finds exactly the simulated repetitions, with
// their peaks within `tolerance` (relative), and says it left the other two movements out.
void expect_peaks(const import::ImportedTrial& imported, const test::SimulatedTrial& sim, double tolerance,
                  bool eccentric = false, const std::string& left_out = "2 movements") {
  ASSERT_EQ(imported.session.trials.size(), 1u);
  const Trial& trial = imported.session.trials.front();
  const auto a = analysis::analyze_trial(trial.info, trial.samples.span(), 75.0, analysis::AnalysisOptions{});
  const auto* quads = effort(a, Muscle::quadriceps);
  const auto* hams = effort(a, Muscle::hamstrings);
  ASSERT_NE(quads, nullptr);
  ASSERT_NE(hams, nullptr);
  ASSERT_EQ(quads->reps.size(), sim.peak_ext_nm.size());
  ASSERT_EQ(hams->reps.size(), sim.peak_flex_nm.size());
  // Quadriceps: concentric in extension, eccentric in flexion (ecc-ecc).
  for (std::size_t r = 0; r < sim.peak_ext_nm.size(); ++r) {
    EXPECT_NEAR(quads->reps[r].peak_torque_uncorrected_nm, sim.peak_ext_nm[r], tolerance * sim.peak_ext_nm[r]) << r;
    EXPECT_NEAR(hams->reps[r].peak_torque_uncorrected_nm, sim.peak_flex_nm[r], tolerance * sim.peak_flex_nm[r]) << r;
    EXPECT_NEAR(quads->reps[r].angle_at_peak_deg, 45, 3) << r;
  }
  EXPECT_EQ(quads->contraction, eccentric ? Contraction::eccentric : Contraction::concentric);
  EXPECT_TRUE(has_message(a, "not-counted"));
  const auto it = std::find_if(a.messages.begin(), a.messages.end(),
                               [](const analysis::Message& m) { return m.code == "not-counted"; });
  if (it != a.messages.end()) {
    EXPECT_EQ(it->text.rfind(left_out, 0), 0u) << it->text;
  }
}

TEST_F(VendorFormats, Humac16English_FactsFromFileNameAndPeaks) {
  const auto sim = test::simulate_trial({});
  const auto file = write("Station 1 10_23_45 AM 60 3 Left 1.csv", test::humac16(sim, Side::left));
  const auto t = import::import_file(file, con_con(), 0);
  EXPECT_EQ(t.reader, "humac-norm-csv 1");
  const TrialInfo& info = t.session.trials.front().info;
  EXPECT_EQ(info.side, Side::left);
  EXPECT_EQ(info.velocity_ext_deg_s, 60);
  EXPECT_EQ(info.velocity_flex_deg_s, 60);
  EXPECT_EQ(info.reps_requested, 3);
  EXPECT_NEAR(info.sample_rate_hz, 100, 0.01);
  EXPECT_EQ(info.counted.size(), 6u);
  EXPECT_NE(info.source.find("sha256 "), std::string::npos);
  expect_peaks(t, sim, 0.015);
}

TEST_F(VendorFormats, Humac16French_RightLeg_Cp1252) {
  const auto sim = test::simulate_trial({});
  const auto file = write("Poste 2 03_15_00 PM 60 3 Right 1.csv", test::humac16(sim, Side::right, true));
  const auto t = import::import_file(file, con_con(), 0);
  EXPECT_EQ(t.session.trials.front().info.side, Side::right);
  EXPECT_EQ(t.session.trials.front().info.started_at, "");  // no date in a HUMAC file, none given
  expect_peaks(t, sim, 0.015);
}

TEST_F(VendorFormats, Humac5Quoted_NewtonMeters_FasterReturn) {
  test::SimulationSpec spec;
  spec.return_speed_deg_s = 180;
  const auto sim = test::simulate_trial(spec);
  const auto file = write("Lab 09_00_00 AM 60 3 Right 1.csv", test::humac5(sim, Side::right, true));
  ImportRequest request;
  request.mode = TestMode::con_con;
  const auto t = import::import_file(file, request, 0);
  EXPECT_EQ(t.session.trials.front().info.velocity_ext_deg_s, 60);
  EXPECT_EQ(t.session.trials.front().info.velocity_flex_deg_s, 180);
  // The lead-in (45 deg/s) is below half the 180 deg/s flexion preset: not a movement at all.
  expect_peaks(t, sim, 0.015, false, "1 movement ");
}

TEST_F(VendorFormats, Humac5Unquoted) {
  const auto sim = test::simulate_trial({});
  const auto file = write("Lab 09_00_00 AM 60 3 Left 2.csv", test::humac5(sim, Side::left, false));
  const auto t = import::import_file(file, con_con(), 0);
  expect_peaks(t, sim, 0.015);
}

TEST_F(VendorFormats, Humac_OptionContradictingFileName_RefusedNamingBoth) {
  const auto sim = test::simulate_trial({});
  const auto file = write("Lab 09_00_00 AM 60 3 Left 2.csv", test::humac5(sim, Side::left, true));
  ImportRequest request;
  request.side = Side::right;
  try {
    import::import_file(file, request, 0);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("left"), std::string::npos) << m;
    EXPECT_NE(m.find("--side says right"), std::string::npos) << m;
  }
}

TEST_F(VendorFormats, ContrexCtm_LeadInMarkersAndHeaderFacts) {
  test::SimulationSpec spec;
  spec.rate_hz = 256;
  const auto sim = test::simulate_trial(spec);
  const auto file = write("KOE01.CTM", test::contrex_ctm(sim, ctm()));
  const auto t = import::import_file(file, ImportRequest(), 0);
  EXPECT_EQ(t.reader, "contrex-ctm 1");
  const Session& s = t.session;
  const TrialInfo& info = s.trials.front().info;
  EXPECT_EQ(info.side, Side::right);
  EXPECT_EQ(info.mode, TestMode::con_con);
  EXPECT_EQ(info.velocity_ext_deg_s, 60);
  EXPECT_EQ(info.reps_requested, 3);
  EXPECT_EQ(info.sample_rate_hz, 256);
  EXPECT_EQ(info.started_at, "2025-08-21T14:03:22");
  EXPECT_EQ(info.device_firmware, "human kinetics 1.7.5");
  EXPECT_EQ(s.info.date, "2025-08-21");
  EXPECT_DOUBLE_EQ(s.info.subject.body_mass_kg, 78.5);
  EXPECT_EQ(s.info.involved, InvolvedSide::left) << "the file's involved side is session data";
  // The name fields never reach the session.
  EXPECT_EQ(s.info.subject.id.find("Virtanen"), std::string::npos);
  EXPECT_EQ(s.info.subject.id.rfind("c-", 0), 0u) << s.info.subject.id;
  expect_peaks(t, sim, 0.015);
}

TEST_F(VendorFormats, ContrexCtm_Eccentric) {
  test::SimulationSpec spec;
  spec.rate_hz = 256;
  spec.eccentric = true;
  const auto sim = test::simulate_trial(spec);
  const auto file = write("KOE02.CTM", test::contrex_ctm(sim, ctm([](test::CtmFacts& f) { f.eccentric = true; })));
  const auto t = import::import_file(file, ImportRequest(), 0);
  EXPECT_EQ(t.session.trials.front().info.mode, TestMode::ecc_ecc);
  expect_peaks(t, sim, 0.015, true);
}

TEST_F(VendorFormats, ContrexCtm_Truncated_RefusedNamingBothCounts) {
  test::SimulationSpec spec;
  spec.rate_hz = 256;
  const auto sim = test::simulate_trial(spec);
  const auto file = write("CUT.CTM", test::contrex_ctm(sim, ctm([](test::CtmFacts& f) {
    f.declared_samples = 4923;
    f.keep_rows = 160;
  })));
  try {
    import::import_file(file, ImportRequest(), 0);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("CUT.CTM:3: [Measurement] samples states 4923, [data] has 160 rows"), std::string::npos) << m;
  }
}

TEST_F(VendorFormats, ContrexCta_RefusedPlainly) {
  const auto sim = test::simulate_trial({});
  const auto file = write("KOE01.CTA", test::contrex_ctm(sim, ctm([](test::CtmFacts& f) { f.with_data = false; })));
  try {
    import::import_file(file, ImportRequest(), 0);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("without a [data] section"), std::string::npos) << e.what();
  }
}

TEST_F(VendorFormats, BiodexRaw_GravityCorrected_FtLb) {
  const auto sim = test::simulate_trial({});
  const auto file = write("biodex raw.txt", test::biodex_raw(sim, true));
  const auto t = import::import_file(file, ImportRequest(), 0);
  EXPECT_EQ(t.reader, "biodex-text 1");
  const TrialInfo& info = t.session.trials.front().info;
  EXPECT_EQ(info.side, Side::left);
  EXPECT_EQ(info.mode, TestMode::con_con);
  EXPECT_EQ(info.reps_requested, 3);
  EXPECT_FALSE(info.gravity.has_value());  // corrected by Biodex: not again
  EXPECT_EQ(t.session.info.date, "2025-08-21");
  EXPECT_NEAR(t.session.info.subject.body_mass_kg, 165 * 0.45359237, 1e-9);
  EXPECT_NE(t.session.info.notes.find("torque gravity-corrected by the device"), std::string::npos) << t.session.info.notes;
  expect_peaks(t, sim, 0.015);
  // Asking for a gravity correction on top is refused, naming both.
  ImportRequest twice;
  twice.gravity_torque_nm = 20;
  twice.gravity_angle_deg = 0;
  try {
    import::import_file(file, twice, 0);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("gravity-corrected already, --gravity-torque says 20"), std::string::npos)
        << e.what();
  }
}

TEST_F(VendorFormats, BiodexShort_NoMarks_AllMovementsCount) {
  const auto sim = test::simulate_trial({});
  const auto file = write("short.txt", test::biodex_short(sim));
  const auto t = import::import_file(file, ImportRequest(), 0);
  EXPECT_EQ(t.reader, "biodex-text 1");
  const Trial& trial = t.session.trials.front();
  EXPECT_EQ(trial.info.side, Side::right);
  EXPECT_TRUE(trial.info.counted.empty());
  const auto a = analysis::analyze_trial(trial.info, trial.samples.span(), 75.0, analysis::AnalysisOptions{});
  const auto* quads = effort(a, Muscle::quadriceps);
  ASSERT_NE(quads, nullptr);
  EXPECT_EQ(quads->reps.size(), 4u);  // the positioning movement counts too without marks
}

TEST_F(VendorFormats, Isomed_TenColumnsTenthsAndPhases) {
  test::SimulationSpec spec;
  spec.rate_hz = 200;
  const auto sim = test::simulate_trial(spec);
  const auto file = write("isomed.txt", test::isomed(sim));
  ImportRequest request;
  request.side = Side::left;
  request.mode = TestMode::con_con;
  request.velocity_deg_s = 60;
  const auto t = import::import_file(file, request, 0);
  EXPECT_EQ(t.reader, "isomed-txt 1");
  EXPECT_NEAR(t.session.trials.front().info.sample_rate_hz, 200, 0.01);
  expect_peaks(t, sim, 0.015);
}

TEST_F(VendorFormats, DetectionByContentNotExtension) {
  const auto sim = test::simulate_trial({});
  EXPECT_EQ(import::find_vendor_reader(test::humac5(sim, Side::left, true))->name(), "humac-norm-csv");
  EXPECT_EQ(import::find_vendor_reader(test::contrex_ctm(sim, ctm()))->name(), "contrex-ctm");
  EXPECT_EQ(import::find_vendor_reader(test::biodex_raw(sim, false))->name(), "biodex-text");
  EXPECT_EQ(import::find_vendor_reader(test::isomed(sim))->name(), "isomed-txt");
  EXPECT_EQ(import::find_vendor_reader("time_s,torque_nm,angle_deg,velocity_deg_s\n0,1,2,3\n0.01,1,2,3\n"), nullptr);
}

}  // namespace
}  // namespace isokin
