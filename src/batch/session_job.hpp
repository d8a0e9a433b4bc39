// Reading and analysing one session file: the unit of work of `isokin batch`, and
// what `report`, `export` and `progress` do for each of their files.
//
// The HDF5 library serialises its calls (one global lock), so a worker holds it only
// while it reads; the analysis and the table rows run outside it, in parallel.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/session_analysis.hpp"
#include "batch/cohort_table.hpp"
#include "model/session.hpp"
#include "store/session_store.hpp"

namespace isokin::batch {

// The analysis settings the commands share (same meaning as `isokin analyze`'s).
struct AnalysisFlags {
  bool no_gravity = false;
  double filter_hz = analysis::AnalysisOptions{}.filter_hz;
  std::string cutoffs;       // --cutoffs: TOML rows merged over the shipped table (same id replaces)
  std::string cutoffs_only;  // --cutoffs-only: TOML table used instead of the shipped one
  std::string involved;      // --involved left|right|none: overrides the session files'; empty = theirs
};

// Throws InputError for a bad --filter-hz, --involved or cut-off file.
analysis::AnalysisOptions analysis_options(const AnalysisFlags& flags);

struct AnalysedSession {
  Session session;
  analysis::SessionAnalysis analysis;
};

// read_session + analyze_session. Throws the store's error for a broken file, or what
// `before_samples` throws (it sees the file's trial list first, through the same open).
AnalysedSession read_and_analyze(const std::filesystem::path& file, const analysis::AnalysisOptions& options,
                                 const store::TrialListCheck& before_samples = nullptr);

// Throws Error naming the file and the trial when the session's `trials` (as
// store::list_trials gives them) hold no trial, a trial with no sample, or a trial whose
// recording was never finished: such a file is an error row of the batch, never
// silently absent from the cohort.
void check_complete(const std::filesystem::path& file, const std::vector<store::TrialSummary>& trials);

// The batch job (check_complete first, on the file opened once for both): the
// session's date and its table rows (samples are dropped as soon as the analysis is
// done, so a worker holds one session at a time).
FileAnalysis analyze_for_batch(const std::filesystem::path& file, const analysis::AnalysisOptions& options);

}  // namespace isokin::batch
