// SqlRow's readers and query_int (sql.h).
#include "office/sql.h"

#include <charconv>

namespace kopilka::office {

const std::string& SqlRow::text(std::size_t i) const {
  static const std::string kEmpty;
  const auto& c = columns.at(i);
  return c ? *c : kEmpty;
}

std::int64_t SqlRow::int64(std::size_t i) const {
  const auto& c = columns.at(i);
  if (!c) return 0;
  std::int64_t v = 0;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

namespace {

// A text row read by query(), seen as a cursor.
class RowCursor final : public SqlCursor {
 public:
  explicit RowCursor(const SqlRow& row) : row_(row) {}
  bool is_null(std::size_t i) const override { return row_.is_null(i); }
  std::int64_t int64(std::size_t i) const override { return row_.int64(i); }
  std::string_view text(std::size_t i) const override { return row_.text(i); }

 private:
  const SqlRow& row_;
};

}  // namespace

core::Status Sql::each_row(const std::string& sql, const SqlParams& params,
                           const std::function<void(const SqlCursor&)>& row) {
  auto rows = query(sql, params);
  if (!rows) return rows.status();
  for (const SqlRow& r : *rows) row(RowCursor(r));
  return core::Status::ok();
}

core::Result<std::optional<std::int64_t>> query_int(Sql& sql, const std::string& statement,
                                                    const SqlParams& params) {
  auto rows = sql.query(statement, params);
  if (!rows) return rows.status();
  if (rows->empty() || rows->front().is_null(0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(rows->front().int64(0));
}

}  // namespace kopilka::office
