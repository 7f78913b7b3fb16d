// SqliteSql (sqlite_sql.h).
#include "office/sqlite_sql.h"

#include <cctype>

namespace kopilka::office {

std::string sqlite_placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  bool quoted = false;
  std::size_t from = 0;  // copied a run at a time
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (c == '$' && !quoted && i + 1 < sql.size() &&
        std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out.append(sql, from, i - from);
      out += '?';
      from = i + 1;
    }
  }
  out.append(sql, from, std::string::npos);
  return out;
}

core::Result<common::Stmt> SqliteSql::prepare(const std::string& sql, const SqlParams& params) {
  // A statement written with ?N already (aggregates_batch.h) is taken as it is. Its texts are
  // borrowed from `params`: each caller below steps and resets the statement before it
  // returns, while they live.
  auto st = db_.prepare(sql.find('$') == std::string::npos ? sql : sqlite_placeholders(sql));
  if (!st) return st.status();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const SqlParam& p = params[i];
    if (p.as_integer())
      st->bind(static_cast<int>(i + 1), *p.as_integer());
    else if (p.text())
      st->bind_borrowed(static_cast<int>(i + 1), *p.text());
    else
      st->bind_null(static_cast<int>(i + 1));
  }
  return st;
}

core::Result<std::vector<SqlRow>> SqliteSql::query(const std::string& sql,
                                                   const SqlParams& params) {
  auto st = prepare(sql, params);
  if (!st) return st.status();
  std::vector<SqlRow> rows;
  for (;;) {
    auto more = st->step();
    if (!more) {
      st->reset();
      return more.status();
    }
    if (!*more) break;
    SqlRow row;
    int n = st->columns();
    row.columns.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
      if (st->is_null(c))
        row.columns.emplace_back();
      else
        row.columns.emplace_back(st->text(c));
    }
    rows.push_back(std::move(row));
  }
  st->reset();
  return rows;
}

namespace {

class StmtCursor final : public SqlCursor {
 public:
  explicit StmtCursor(const common::Stmt& st) : st_(st) {}
  bool is_null(std::size_t i) const override { return st_.is_null(static_cast<int>(i)); }
  std::int64_t int64(std::size_t i) const override { return st_.int64(static_cast<int>(i)); }
  std::string_view text(std::size_t i) const override {
    text_ = st_.text(static_cast<int>(i));
    return text_;
  }

 private:
  const common::Stmt& st_;
  mutable std::string text_;
};

}  // namespace

core::Status SqliteSql::each_row(const std::string& sql, const SqlParams& params,
                                 const std::function<void(const SqlCursor&)>& row) {
  auto st = prepare(sql, params);
  if (!st) return st.status();
  const StmtCursor cursor(*st);
  for (;;) {
    auto more = st->step();
    if (!more || !*more) {
      st->reset();
      return more ? core::Status::ok() : more.status();
    }
    row(cursor);
  }
}

core::Result<std::int64_t> SqliteSql::run(const std::string& sql, const SqlParams& params) {
  auto st = prepare(sql, params);
  if (!st) return st.status();
  if (core::Status s = st->run(); !s) return s;
  return static_cast<std::int64_t>(db_.changes());
}

core::Status SqliteSql::transaction(const std::function<core::Status()>& body) {
  return common::in_transaction(db_, body);
}

}  // namespace kopilka::office
