#include "batch/file_rows_wire.hpp"

#include <cstdint>
#include <cstring>
#include <limits>

#include "model/error.hpp"

namespace isokin::batch {
namespace {

void put_count(std::string& out, std::size_t n) {
  if (n > std::numeric_limits<std::uint32_t>::max()) throw Error("a table too large to send back from a worker");
  const auto v = static_cast<std::uint32_t>(n);
  const unsigned char bytes[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                                  static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
  out.append(reinterpret_cast<const char*>(bytes), 4);
}

void put_text(std::string& out, std::string_view text) {
  put_count(out, text.size());
  out.append(text);
}

void put_table(std::string& out, const exporting::Table& table) {
  put_count(out, table.columns.size());
  for (const auto& c : table.columns) put_text(out, c);
  put_count(out, table.rows.size());
  for (const auto& row : table.rows) {
    put_count(out, row.size());
    for (const auto& cell : row) put_text(out, cell);
  }
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  std::size_t count() {
    need(4);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data());
    const std::uint32_t v = p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t{p[3]} << 24);
    bytes_.remove_prefix(4);
    return v;
  }

  std::string text() {
    const std::size_t n = count();
    need(n);
    std::string s(bytes_.substr(0, n));
    bytes_.remove_prefix(n);
    return s;
  }

  exporting::Table table() {
    exporting::Table t;
    // Each count is checked against the bytes left (every entry takes at least 4), so
    // a damaged count cannot reserve gigabytes.
    t.columns.resize(bounded(count()));
    for (auto& c : t.columns) c = text();
    t.rows.resize(bounded(count()));
    for (auto& row : t.rows) {
      row.resize(bounded(count()));
      for (auto& cell : row) cell = text();
    }
    return t;
  }

  bool done() const { return bytes_.empty(); }

 private:
  void need(std::size_t n) const {
    if (bytes_.size() < n) throw Error("the rows sent back by the analysis process end early");
  }
  std::size_t bounded(std::size_t entries) const {
    if (entries > bytes_.size() / 4) throw Error("the rows sent back by the analysis process end early");
    return entries;
  }

  std::string_view bytes_;
};

}  // namespace

std::string encode_file_rows(const FileAnalysis& analysis) {
  std::string out;
  put_text(out, analysis.date);
  put_table(out, analysis.tables.efforts);
  put_table(out, analysis.tables.ratios);
  put_table(out, analysis.tables.bilateral);
  return out;
}

FileAnalysis decode_file_rows(std::string_view bytes) {
  Reader in(bytes);
  FileAnalysis a;
  a.date = in.text();
  a.tables.efforts = in.table();
  a.tables.ratios = in.table();
  a.tables.bilateral = in.table();
  if (!in.done()) throw Error("the rows sent back by the analysis process go on after the last table");
  return a;
}

}  // namespace isokin::batch
