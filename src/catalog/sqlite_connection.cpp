// The SQLite backend: one file beside the data, created with mode 0600 on first use,
// in WAL mode so readers never block the station that records.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

#include "catalog/sql_connection.hpp"

namespace isokin::catalog {
namespace {

// Two stations writing at once wait for each other this long before giving up.
constexpr int kBusyTimeoutMs = 15000;

// The catalogue's SQL numbers its parameters $1, $2 (PostgreSQL's syntax); SQLite
// reads "$1" as a *named* parameter, so they become ?1, ?2.
std::string numbered_parameters(std::string_view sql) {
  std::string out(sql);
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '$' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = '?';
  }
  return out;
}

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(const std::string& path) : name_("sqlite:" + path) {
    create_private_file(path);
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw CatalogError(fmt::format("{}: cannot open: {}", name_, why));
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db_, 1);
    try {
      // The first read of a file that is not a database fails here ("file is not a database").
      query("PRAGMA journal_mode=WAL", {});
      run_script("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
    } catch (const CatalogError& e) {
      sqlite3_close(db_);
      throw CatalogInputError(fmt::format("{}: not an isokin catalogue ({})", name_, e.what()));
    }
  }
  ~SqliteConnection() override { sqlite3_close(db_); }

  Backend backend() const override { return Backend::sqlite; }
  const std::string& name() const override { return name_; }

  std::vector<SqlRow> query(std::string_view sql, const std::vector<SqlValue>& params) override {
    const std::string text = numbered_parameters(sql);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &raw, nullptr) != SQLITE_OK) {
      fail();
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, &sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text(raw, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else if (const auto* d = std::get_if<double>(&params[i])) {
        rc = *d == *d ? sqlite3_bind_double(raw, index, *d) : sqlite3_bind_null(raw, index);
      } else if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(raw, index, *n);
      } else {
        rc = sqlite3_bind_null(raw, index);
      }
      if (rc != SQLITE_OK) fail();
    }
    std::vector<SqlRow> rows;
    for (;;) {
      const int rc = sqlite3_step(raw);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail();
      const int columns = sqlite3_column_count(raw);
      SqlRow row(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_NULL) continue;
        const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
        row[static_cast<std::size_t>(c)] = std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(raw, c)));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void run_script(std::string_view sql) override {
    const std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string why = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw CatalogError(fmt::format("{}: {}", name_, why));
    }
  }

  bool has_table(std::string_view table) override {
    return !query("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = $1", {std::string(table)})
                .empty();
  }

  std::int64_t table_count() override {
    return std::stoll(query("SELECT count(*) FROM sqlite_master WHERE type = 'table'", {}).at(0).at(0).value_or("0"));
  }

  void begin() override { run_script("BEGIN IMMEDIATE"); }
  void commit() override { run_script("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

 private:
  // Created by us with mode 0600 (names and injuries are health data); an existing
  // file is opened as it is.
  void create_private_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
    } else if (errno != EEXIST) {
      throw CatalogError(fmt::format("{}: cannot create: {}", name_, std::strerror(errno)));
    }
  }

  [[noreturn]] void fail() { throw CatalogError(fmt::format("{}: {}", name_, sqlite3_errmsg(db_))); }

  std::string name_;
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<SqlConnection> open_sqlite(const std::string& path) {
  if (path.empty()) throw CatalogInputError("sqlite: the catalogue path is empty (sqlite:PATH)");
  if (std::filesystem::is_directory(path)) {
    throw CatalogInputError(fmt::format("sqlite:{}: is a folder, not a catalogue file", path));
  }
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace isokin::catalog
