// One connection to the catalogue's database, whichever the backend: parameterised
// queries ($1, $2, ... in the SQL text on both backends), scripts for the schema, and
// write transactions. The SQL the catalogue sends is the same on both (docs/catalog.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "catalog/catalog_error.hpp"

namespace isokin::catalog {

enum class Backend { sqlite, postgresql };

// NULL, text, a number (NaN is sent as NULL), an integer.
using SqlValue = std::variant<std::monostate, std::string, double, std::int64_t>;
using SqlRow = std::vector<std::optional<std::string>>;  // nullopt = NULL

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Backend backend() const = 0;
  // What is connected to, for messages (never a password).
  virtual const std::string& name() const = 0;

  virtual std::vector<SqlRow> query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  // Several statements without parameters (schema migrations).
  virtual void run_script(std::string_view sql) = 0;
  virtual bool has_table(std::string_view table) = 0;
  virtual std::int64_t table_count() = 0;

  // A write transaction: SQLite takes the write lock at once (BEGIN IMMEDIATE), so two
  // stations wait for each other (busy timeout) instead of failing half way.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

// Rolls back unless committed: a failure half way leaves the catalogue as it was.
class WriteTransaction {
 public:
  explicit WriteTransaction(SqlConnection& connection) : connection_(connection) { connection_.begin(); }
  ~WriteTransaction() {
    if (!done_) connection_.rollback();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    connection_.commit();
    done_ = true;
  }

 private:
  SqlConnection& connection_;
  bool done_ = false;
};

// "sqlite:PATH": the file is created (mode 0600) on first use, in WAL mode.
std::unique_ptr<SqlConnection> open_sqlite(const std::string& path);
// "postgresql://..." or "postgres://...": a libpq connection URI.
std::unique_ptr<SqlConnection> open_postgresql(const std::string& uri);

// The URI without its password, for messages.
std::string redact_uri(const std::string& uri);

}  // namespace isokin::catalog
