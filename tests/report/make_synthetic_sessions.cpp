// Writes analytic session files for the report, export and batch tests (no
// simulator needed): make_synthetic_sessions DIR COUNT [REPS [SUBJECT]], or
// make_synthetic_sessions DIR rehab INVOLVED for the rehab follow-up (issue 17)
//   DIR/session-NNN.h5: an H:Q screen of subject "C<NNN>" whose strengths vary from
//   file to file (deterministically), so every row of a batch table differs; file i
//   is dated 2026-<1 + i mod 9>-1<i mod 10>.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "report/synthetic_session.hpp"
#include "store/session_store.hpp"

namespace {

// Issue 17's rehab case: four sessions of a right ACL knee whose quadriceps and
// hamstrings go from 65 % of the left's to 104 % (LSI 65, 78, 92, 104), unevenly
// spaced in time, each with a fatiguing right set (12 repetitions at 180 deg/s losing
// 2 % of the peak per repetition). `involved` is stored in every file.
int write_rehab_series(const std::filesystem::path& dir, isokin::InvolvedSide involved) {
  using isokin::testing::SyntheticSet;
  const double ratio[] = {0.65, 0.78, 0.92, 1.04};
  const char* dates[] = {"2026-01-05", "2026-02-02", "2026-04-01", "2026-06-30"};
  std::filesystem::create_directories(dir);
  for (int i = 0; i < 4; ++i) {
    isokin::Session session;
    session.info.subject.id = "ACL1";
    session.info.subject.body_mass_kg = 72;
    session.info.date = dates[i];
    session.info.protocol = "acl-rehab";
    session.info.involved = involved;
    const double f = ratio[i];
    session.trials.push_back(isokin::testing::synthetic_trial(
        "1-left-con-con-60", {isokin::Side::left, isokin::TestMode::con_con, 60, 200, 110, 5}));
    session.trials.push_back(isokin::testing::synthetic_trial(
        "2-right-con-con-60", {isokin::Side::right, isokin::TestMode::con_con, 60, 200 * f, 110 * f, 5}));
    SyntheticSet fatigue{isokin::Side::right, isokin::TestMode::con_con, 180, 150 * f, 90 * f, 12};
    fatigue.fatigue_per_rep = 0.02;
    session.trials.push_back(isokin::testing::synthetic_trial("3-right-con-con-180", fatigue));
    char name[32];
    std::snprintf(name, sizeof name, "rehab-%d.h5", i + 1);
    isokin::store::write_session(dir / name, session, isokin::store::WriteMode::overwrite);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: make_synthetic_sessions DIR COUNT [REPS [SUBJECT]]\n"
                 "       make_synthetic_sessions DIR rehab left|right|none|unknown\n");
    return 2;
  }
  if (std::string(argv[2]) == "rehab") {
    const auto involved = isokin::parse_involved_side(argc > 3 ? argv[3] : "unknown");
    if (!involved) return 2;
    return write_rehab_series(argv[1], *involved);
  }
  const std::filesystem::path dir = argv[1];
  const int count = std::atoi(argv[2]);
  const int reps = argc > 3 ? std::atoi(argv[3]) : 5;
  const std::string subject = argc > 4 ? argv[4] : "";  // one subject for every file (progress tests)
  std::filesystem::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    using isokin::testing::SyntheticSet;
    char name[32];
    std::snprintf(name, sizeof name, "C%03d", i);
    isokin::Session session;
    session.info.subject.id = subject.empty() ? std::string(name) : subject;
    session.info.subject.body_mass_kg = 60 + i % 30;
    session.info.date = "2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
    session.info.protocol = "hq-screen (synthetic)";
    const double q = 1.0 + 0.01 * (i % 17), h = 1.0 - 0.01 * (i % 13);
    int n = 0;
    for (const auto side : {isokin::Side::left, isokin::Side::right}) {
      const double s = side == isokin::Side::left ? 1.0 : 0.9;
      const std::string sn(isokin::to_string(side));
      session.trials.push_back(isokin::testing::synthetic_trial(
          std::to_string(++n) + "-" + sn + "-con-con-60", {side, isokin::TestMode::con_con, 60, 200 * q * s, 110 * h, reps}));
      session.trials.push_back(isokin::testing::synthetic_trial(
          std::to_string(++n) + "-" + sn + "-ecc-ecc-30", {side, isokin::TestMode::ecc_ecc, 30, 240 * q * s, 140 * h, reps}));
    }
    std::snprintf(name, sizeof name, "session-%03d.h5", i);
    isokin::store::write_session(dir / name, session, isokin::store::WriteMode::overwrite);
  }
  return 0;
}
