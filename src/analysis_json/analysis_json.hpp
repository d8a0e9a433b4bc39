// Analysis results as JSON, schema "isokin-analysis" version 1 (issue 5). Users'
// scripts and the report rely on these names; fields may be added, never renamed.
// Torques are magnitudes. No NaN or infinity is ever written: a value that could not
// be computed is null.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/session_analysis.hpp"

namespace isokin::analysis_json {

inline constexpr const char* kSchemaName = "isokin-analysis";
inline constexpr int kSchemaVersion = 1;

// program_version ("isokin 0.1.0") is recorded as "program" when not empty.
nlohmann::json to_json(const analysis::SessionAnalysis& analysis, const std::string& program_version = {});

// The parameters that produced a result (also stored with --write).
nlohmann::json parameters_json(const analysis::AnalysisOptions& options);

// A finite number, or null.
nlohmann::json number_or_null(double value);

}  // namespace isokin::analysis_json
