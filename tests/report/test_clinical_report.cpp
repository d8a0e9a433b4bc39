#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "analysis/session_analysis.hpp"
#include "report/clinical_report.hpp"
#include "report/synthetic_session.hpp"

namespace fs = std::filesystem;
using namespace isokin;

namespace {
fs::path temp_dir(const char* name) {
  const fs::path dir = fs::temp_directory_path() / (std::string("isokin-report-") + name + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}
}  // namespace

TEST(ClinicalReport, SyntheticScreen_PdfWithTablePageTorquePagesAndSummaryPage) {
  const auto session = isokin::testing::synthetic_screen();
  const auto analysis = analysis::analyze_session(session, {});
  const fs::path dir = temp_dir("pdf");
  const auto out = report::write_clinical_report(dir / "r.pdf", session, analysis, {report::ImageFormat::pdf, "x.h5", "t", "", {}});
  // 4 (mode, speed) rows of torque-angle plots at 3 per page = 2 pages, plus the
  // table page(s) and the summary page.
  EXPECT_GE(out.pages, 4);
  ASSERT_EQ(out.files.size(), 1u);
  std::ifstream in(out.files[0], std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  fs::remove_all(dir);
}

TEST(ClinicalReport, PngFormat_OneFilePerFigure) {
  const auto session = isokin::testing::synthetic_screen();
  const auto analysis = analysis::analyze_session(session, {});
  const fs::path dir = temp_dir("png");
  const auto out = report::write_clinical_report(dir / "r.png", session, analysis, {report::ImageFormat::png, "x.h5", "t", "", {}});
  ASSERT_EQ(out.files.size(), 4u);
  EXPECT_EQ(out.files[0].filename(), "r-torque-angle.png");
  for (const auto& f : out.files) EXPECT_GT(fs::file_size(f), 1000u) << f;
  fs::remove_all(dir);
}

TEST(ClinicalReport, OneSideOnly_NoLeftRightFigure) {
  auto session = isokin::testing::synthetic_screen();
  std::erase_if(session.trials, [](const Trial& t) { return t.info.side == Side::right; });
  const auto analysis = analysis::analyze_session(session, {});
  const fs::path dir = temp_dir("oneside");
  const auto out = report::write_clinical_report(dir / "r.svg", session, analysis, {report::ImageFormat::svg, "x.h5", "t", "", {}});
  for (const auto& f : out.files) EXPECT_EQ(f.filename().string().find("left-right"), std::string::npos);
  EXPECT_GE(out.files.size(), 2u);
  // And the PDF still renders with the "only one side" notes instead of tables.
  const auto pdf = report::write_clinical_report(dir / "r.pdf", session, analysis, {report::ImageFormat::pdf, "x.h5", "t", "", {}});
  EXPECT_GE(pdf.pages, 3);
  fs::remove_all(dir);
}
