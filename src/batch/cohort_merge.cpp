#include "batch/cohort_merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "batch/csv_records.hpp"
#include "model/error.hpp"

namespace isokin::batch {
namespace {

struct ParsedPart {
  const PartText* source = nullptr;
  PartRecord record;
  std::vector<CsvRecord> records;  // header first
};

ParsedPart parse_part(const PartText& part) {
  ParsedPart p;
  p.source = &part;
  const std::string_view text(part.text);
  const std::size_t eol = text.find('\n');
  const std::string_view first = text.substr(0, eol);
  auto record = parse_part_record(first, part.name);
  if (!record)
    throw InputError(fmt::format("{}: line 1 is not '# isokin batch part: ...': not a part written by "
                                 "isokin batch --shard",
                                 part.name));
  p.record = *record;
  if (eol != std::string_view::npos) p.records = read_csv_records(text.substr(eol + 1), part.name);
  if (p.records.empty()) throw InputError(fmt::format("{}: no header line after the part record", part.name));
  for (auto& r : p.records) ++r.line;  // count the record line
  const std::size_t columns = p.records.front().fields.size();
  for (std::size_t i = 1; i < p.records.size(); ++i) {
    const CsvRecord& r = p.records[i];
    if (r.fields.size() != columns)
      throw InputError(fmt::format("{}: line {}: {} fields where the header has {}", part.name, r.line,
                                   r.fields.size(), columns));
    // Rows of one part follow the cohort's sorted file order; anything else was edited.
    if (i > 1 && r.fields.front() < p.records[i - 1].fields.front())
      throw InputError(fmt::format("{}: line {}: file '{}' comes after '{}': the part is not in the cohort's "
                                   "order (edited or sorted by hand?)",
                                   part.name, r.line, r.fields.front(), p.records[i - 1].fields.front()));
  }
  return p;
}

void check_same(const ParsedPart& first, const ParsedPart& other) {
  const auto differ = [&](std::string_view what, const std::string& a, const std::string& b) {
    return InputError(fmt::format("{} and {} are parts of different batches: {} {} against {}", first.source->name,
                                  other.source->name, what, a, b));
  };
  const PartRecord& a = first.record;
  const PartRecord& b = other.record;
  if (a.table != b.table) throw differ("table", a.table, b.table);
  if (a.shard.count != b.shard.count)
    throw differ("shard count", std::to_string(a.shard.count), std::to_string(b.shard.count));
  if (a.cohort_files != b.cohort_files || a.cohort != b.cohort)
    throw differ("cohort", fmt::format("{} files ({})", a.cohort_files, a.cohort),
                 fmt::format("{} files ({})", b.cohort_files, b.cohort));
  if (a.settings != b.settings) throw differ("analysis settings or isokin version", a.settings, b.settings);
  if (first.records.front().text != other.records.front().text)
    throw differ("columns", std::string(first.records.front().text.substr(0, 60)),
                 std::string(other.records.front().text.substr(0, 60)));
}

std::string list_numbers(const std::vector<std::size_t>& numbers) {
  std::string out;
  for (std::size_t n : numbers) out += (out.empty() ? "" : ",") + std::to_string(n);
  return out;
}

}  // namespace

MergedTable merge_parts(const std::vector<PartText>& parts, bool header) {
  if (parts.empty()) throw InputError("--merge: no part given");
  std::vector<ParsedPart> parsed;
  parsed.reserve(parts.size());
  for (const auto& part : parts) parsed.push_back(parse_part(part));

  const ParsedPart& first = parsed.front();
  const std::size_t count = first.record.shard.count;
  std::vector<const ParsedPart*> by_shard(count + 1, nullptr);
  for (const auto& p : parsed) {
    check_same(first, p);
    const std::size_t i = p.record.shard.index;
    if (by_shard[i])
      throw InputError(fmt::format("--merge: shard {}/{} is given twice: {} and {}", i, count,
                                   by_shard[i]->source->name, p.source->name));
    by_shard[i] = &p;
  }
  std::vector<std::size_t> missing;
  for (std::size_t i = 1; i <= count; ++i)
    if (!by_shard[i]) missing.push_back(i);
  if (!missing.empty())
    throw InputError(fmt::format("--merge: {} of {} shards missing (shard {} of the {} table); every shard "
                                 "1..{} must be given once",
                                 missing.size(), count, list_numbers(missing), first.record.table, count));

  // Each file's rows sit in one part, in order: a stable sort on the file column
  // interleaves the parts back into the cohort's sorted order.
  struct Row {
    const CsvRecord* record;
    std::size_t shard;
  };
  std::vector<Row> rows;
  std::size_t cohort_files_seen = 0;
  for (std::size_t i = 1; i <= count; ++i) {
    const ParsedPart& p = *by_shard[i];
    std::size_t files = 0;
    for (std::size_t k = 1; k < p.records.size(); ++k) {
      rows.push_back({&p.records[k], i});
      if (k == 1 || p.records[k].fields.front() != p.records[k - 1].fields.front()) ++files;
    }
    if (files > p.record.shard_files)
      throw InputError(fmt::format("{}: rows of {} files where the part record says {}", p.source->name, files,
                                   p.record.shard_files));
    cohort_files_seen += p.record.shard_files;
  }
  if (cohort_files_seen != first.record.cohort_files)
    throw InputError(fmt::format("--merge: the shards hold {} files together where the cohort has {}",
                                 cohort_files_seen, first.record.cohort_files));
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.record->fields.front() < b.record->fields.front(); });
  for (std::size_t k = 1; k < rows.size(); ++k)
    if (rows[k].shard != rows[k - 1].shard && rows[k].record->fields.front() == rows[k - 1].record->fields.front())
      throw InputError(fmt::format("--merge: file '{}' has rows in shards {} and {}", rows[k].record->fields.front(),
                                   rows[k - 1].shard, rows[k].shard));

  MergedTable merged;
  merged.record = first.record;
  merged.rows = rows.size();
  const CsvRecord& columns = first.records.front();
  const auto error_at = std::find(columns.fields.begin(), columns.fields.end(), "error");
  const auto error_column = static_cast<std::size_t>(error_at - columns.fields.begin());
  std::size_t bytes = columns.text.size() + 1;
  for (const Row& r : rows) bytes += r.record->text.size() + 1;
  merged.csv.reserve(bytes);
  if (header) {
    merged.csv.append(columns.text);
    merged.csv += '\n';
  }
  for (const Row& r : rows) {
    merged.csv.append(r.record->text);
    merged.csv += '\n';
    if (error_at != columns.fields.end() && !r.record->fields[error_column].empty()) {
      ++merged.failed_files;
      merged.failures.emplace_back(r.record->fields.front(), r.record->fields[error_column]);
    }
  }
  return merged;
}

}  // namespace isokin::batch
