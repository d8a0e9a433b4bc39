#include "gui/live/run_report.hpp"

#include "batch/session_job.hpp"
#include "report/clinical_report.hpp"
#include "store/file_replace.hpp"

namespace isokin::gui {

std::filesystem::path run_report_path(const std::filesystem::path& session_file) {
  std::filesystem::path out = session_file;
  out.replace_filename(session_file.stem().string() + "-report.pdf");
  return out;
}

std::filesystem::path write_run_report(const std::filesystem::path& session_file, const std::string& person_name) {
  const auto analysed = batch::read_and_analyze(session_file, analysis::AnalysisOptions{});
  report::ReportOptions options;
  options.format = report::ImageFormat::pdf;
  options.source_file = session_file.filename().string();
  options.program_version = "isokin " ISOKIN_VERSION;
  options.person_name = person_name;
  const auto out = run_report_path(session_file);
  store::TempFileBeside temp(out);
  report::write_clinical_report(temp.path(), analysed.session, analysed.analysis, options);
  temp.commit();
  return out;
}

}  // namespace isokin::gui
