// Canonical spellings of the analysis enumerations (JSON, report, CLI).
#include "analysis/session_analysis.hpp"

namespace isokin::analysis {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "?";
}

std::string_view to_string(Motion motion) { return motion == Motion::extension ? "extension" : "flexion"; }

std::string_view to_string(RatioKind kind) {
  switch (kind) {
    case RatioKind::conventional: return "conventional";
    case RatioKind::functional: return "functional";
    case RatioKind::angle_specific: return "angle-specific";
    case RatioKind::per_repetition: return "per-repetition";
    case RatioKind::isometric: return "isometric";
  }
  return "?";
}

}  // namespace isokin::analysis
