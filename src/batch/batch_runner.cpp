#include "batch/batch_runner.hpp"

#include <cstdint>
#include <thread>

#include "batch/parallel_runner.hpp"
#include "batch/process_pool.hpp"

namespace isokin::batch {
namespace {

nlohmann::json packed(const exporting::Table& table) { return {table.columns, table.rows}; }

exporting::Table unpacked_table(const nlohmann::json& j) {
  return {j.at(0).get<std::vector<std::string>>(), j.at(1).get<std::vector<std::vector<std::string>>>()};
}

nlohmann::json packed(const FileAnalysis& a) {
  return {a.date, packed(a.tables.efforts), packed(a.tables.ratios), packed(a.tables.bilateral)};
}

FileAnalysis unpacked(const nlohmann::json& j) {
  return {j.at(0).get<std::string>(), {unpacked_table(j.at(1)), unpacked_table(j.at(2)), unpacked_table(j.at(3))}};
}

}  // namespace

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

std::vector<FileOutcome> run_batch(const std::vector<std::filesystem::path>& files, unsigned jobs, const FileJob& job,
                                   ProgressReporter* progress, const std::function<bool()>& stop) {
  const unsigned workers = jobs == 0 ? default_jobs() : jobs;
  const auto report = [&](std::size_t i, const std::string& error) {
    if (progress) progress->file_done(files[i].string(), error);
  };
  std::vector<FileOutcome> outcomes;
  outcomes.reserve(files.size());
  if (workers <= 1 || files.size() <= 1) {
    auto results = run_parallel<FileAnalysis>(files.size(), 1, [&](std::size_t i) { return job(files[i]); }, report, stop);
    for (std::size_t i = 0; i < files.size(); ++i)
      outcomes.push_back({files[i], std::move(results[i].result), std::move(results[i].error)});
    return outcomes;
  }
  // Several workers: processes, not threads (HDF5's global lock; see process_pool.hpp).
  // A file's rows cross back as MessagePack arrays of strings.
  auto results = run_in_processes(
      files.size(), workers,
      [&](std::size_t i) {
        const FileAnalysis analysis = job(files[i]);
        const std::vector<std::uint8_t> bytes = nlohmann::json::to_msgpack(packed(analysis));
        return std::string(bytes.begin(), bytes.end());
      },
      report, stop);
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileAnalysis analysis;
    if (results[i].ok()) analysis = unpacked(nlohmann::json::from_msgpack(results[i].result));
    outcomes.push_back({files[i], std::move(analysis), std::move(results[i].error)});
  }
  return outcomes;
}

}  // namespace isokin::batch
