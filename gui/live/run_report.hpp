// The Report button of a finished test run: the clinical PDF of the session, written
// beside it (session.h5 -> session-report.pdf) whole or not at all, with the person's
// name in the title only when the clinician asks. The session file never holds it.
#pragma once

#include <filesystem>
#include <string>

namespace isokin::gui {

// Reads and analyses `session_file` (the analysis library, default options, as the
// review) and writes the PDF; returns its path. Throws with a message for the person.
std::filesystem::path write_run_report(const std::filesystem::path& session_file, const std::string& person_name);

std::filesystem::path run_report_path(const std::filesystem::path& session_file);

}  // namespace isokin::gui
