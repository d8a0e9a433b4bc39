// The PostgreSQL backend (libpq): a clinic's stations and reception share one server.
// What a role may read is the server's decision (docs/catalog.md, Roles): a refusal
// comes back as the server's own "permission denied" and is passed on as it is.
#include <libpq-fe.h>

#include <cmath>
#include <fmt/format.h>
#include <memory>

#include "catalog/sql_connection.hpp"

namespace isokin::catalog {
namespace {

// A server that does not answer is given up after this long (libpq's connect_timeout).
constexpr const char* kConnectTimeoutS = "10";

// libpq's messages end in a newline and may carry DETAIL/HINT lines: one line each.
std::string one_line(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (auto& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return text;
}

using Result = std::unique_ptr<PGresult, void (*)(PGresult*)>;

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(const std::string& uri) : name_(redact_uri(uri)) {
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {uri.c_str(), kConnectTimeoutS, "isokin", nullptr};
    connection_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (!connection_ || PQstatus(connection_) != CONNECTION_OK) {
      const std::string why = connection_ ? one_line(PQerrorMessage(connection_)) : "out of memory";
      PQfinish(connection_);
      throw CatalogError(fmt::format("{}: the server refused the connection: {}", name_, why));
    }
    run_script("SET client_min_messages = warning");
  }
  ~PostgresConnection() override { PQfinish(connection_); }

  Backend backend() const override { return Backend::postgresql; }
  const std::string& name() const override { return name_; }

  std::vector<SqlRow> query(std::string_view sql, const std::vector<SqlValue>& params) override {
    std::vector<std::optional<std::string>> texts;
    texts.reserve(params.size());
    for (const auto& p : params) {
      if (const auto* s = std::get_if<std::string>(&p)) {
        texts.emplace_back(*s);
      } else if (const auto* d = std::get_if<double>(&p)) {
        if (std::isfinite(*d)) {
          texts.emplace_back(fmt::format("{}", *d));  // shortest text that reads back exactly
        } else {
          texts.emplace_back(std::nullopt);
        }
      } else if (const auto* n = std::get_if<std::int64_t>(&p)) {
        texts.emplace_back(std::to_string(*n));
      } else {
        texts.emplace_back(std::nullopt);
      }
    }
    std::vector<const char*> values;
    for (const auto& t : texts) values.push_back(t ? t->c_str() : nullptr);
    const std::string text(sql);
    Result result(PQexecParams(connection_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0),
                  &PQclear);
    check(result.get());
    std::vector<SqlRow> rows;
    const int n = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    for (int r = 0; r < n; ++r) {
      SqlRow row(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (!PQgetisnull(result.get(), r, c)) row[static_cast<std::size_t>(c)] = PQgetvalue(result.get(), r, c);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void run_script(std::string_view sql) override {
    const std::string text(sql);
    Result result(PQexec(connection_, text.c_str()), &PQclear);
    check(result.get());
  }

  bool has_table(std::string_view table) override {
    return query("SELECT to_regclass($1) IS NOT NULL", {std::string(table)}).at(0).at(0).value_or("f") == "t";
  }

  std::int64_t table_count() override {
    return std::stoll(
        query("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()", {}).at(0).at(0).value_or(
            "0"));
  }

  void begin() override { run_script("BEGIN"); }
  void commit() override { run_script("COMMIT"); }
  void rollback() noexcept override {
    PGresult* r = PQexec(connection_, "ROLLBACK");
    PQclear(r);
  }

 private:
  void check(PGresult* result) {
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection_);
    throw CatalogError(fmt::format("{}: the server refused: {}", name_, one_line(message)));
  }

  std::string name_;
  PGconn* connection_ = nullptr;
};

}  // namespace

std::unique_ptr<SqlConnection> open_postgresql(const std::string& uri) {
  return std::make_unique<PostgresConnection>(uri);
}

std::string redact_uri(const std::string& uri) {
  // postgresql://user:password@host/db -> postgresql://user:***@host/db
  const auto scheme = uri.find("://");
  if (scheme == std::string::npos) return uri;
  const auto at = uri.find('@', scheme + 3);
  const auto slash = uri.find('/', scheme + 3);
  std::string out = uri;
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    const auto colon = uri.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out = uri.substr(0, colon + 1) + "***" + uri.substr(at);
  }
  const auto password = out.find("password=");
  if (password != std::string::npos) {
    const auto end = out.find('&', password);
    out = out.substr(0, password + 9) + "***" + (end == std::string::npos ? "" : out.substr(end));
  }
  return out;
}

}  // namespace isokin::catalog
