// The SQLite engine's change feed: rows changed after a cursor, in sequence order, and the
// chain settings' save, which takes its number like any change. One
// writer at a time commits numbers in order, so a page never passes an uncommitted one.
#include <algorithm>

#include "office/sqlite_store.h"

namespace kopilka::office {

using common::in_transaction;

Result<ChangePage> SqliteStore::changes_after(std::int64_t after, std::int64_t limit,
                                              Remaining remaining) {
  static const std::string kUnion =
      "SELECT seq, 'program' AS type, id, document FROM programs WHERE seq > ?1 "
      "UNION ALL SELECT seq, 'card', number, state FROM cards WHERE seq > ?1 "
      "UNION ALL SELECT seq, 'counter', program, uses FROM coupon_totals WHERE seq > ?1 "
      "UNION ALL SELECT seq, 'settings', id, document FROM chain_settings WHERE seq > ?1";
  auto st = db_->prepare(kUnion + " ORDER BY seq LIMIT ?2");
  if (!st) return st.status();
  // One row beyond the page says whether more follow, exactly and without counting them.
  st->bind(1, after).bind(2, limit + 1);
  ChangePage page;
  page.next = after;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    if (static_cast<std::int64_t>(page.changes.size()) == limit) {
      page.more = true;
      break;
    }
    Change c;
    c.seq = st->int64(0);
    std::string type = st->text(1);
    c.key = st->text(2);
    if (type == "program") {
      c.type = st->is_null(3) ? Change::Type::kProgramDeleted : Change::Type::kProgram;
      if (!st->is_null(3)) c.text = st->text(3);
    } else if (type == "card") {
      c.type = Change::Type::kCard;
      c.text = st->text(3);
    } else if (type == "settings") {
      c.type = Change::Type::kSettings;
      c.text = st->text(3);
    } else {
      c.type = Change::Type::kCounter;
      c.uses = st->int64(3);
    }
    page.next = c.seq;
    page.changes.push_back(std::move(c));
  }
  st->reset();
  if (!page.more) return page;
  // Counting reads the seq indexes only (counting the union above read every card's state);
  // the bound reads each index's last entry.
  auto counted = db_->prepare(remaining == Remaining::kCounted
                                  ? "SELECT (SELECT count(*) FROM programs WHERE seq > ?1) + "
                                    "(SELECT count(*) FROM cards WHERE seq > ?1) + "
                                    "(SELECT count(*) FROM coupon_totals WHERE seq > ?1) + "
                                    "(SELECT count(*) FROM chain_settings WHERE seq > ?1)"
                                  : "SELECT max(ifnull((SELECT max(seq) FROM programs), 0), "
                                    "ifnull((SELECT max(seq) FROM cards), 0), "
                                    "ifnull((SELECT max(seq) FROM coupon_totals), 0), "
                                    "ifnull((SELECT max(seq) FROM chain_settings), 0)) - ?1");
  if (!counted) return counted.status();
  counted->bind(1, page.next);
  auto row = counted->step();
  if (!row) return row.status();
  page.remaining = std::max<std::int64_t>(counted->int64(0), 1);
  counted->reset();
  return page;
}

Status SqliteStore::put_chain_settings(const std::string& document) {
  return in_transaction(*db_, [&]() -> Status {
    auto seq = read_seq();
    if (!seq) return seq.status();
    auto st = db_->prepare(
        "INSERT INTO chain_settings(id, document, seq) VALUES ('chain', ?1, ?2) "
        "ON CONFLICT(id) DO UPDATE SET document = ?1, seq = ?2");
    if (!st) return st.status();
    if (Status e = st->bind(1, document).bind(2, *seq + 1).run(); !e) return e;
    return write_seq(*seq + 1);
  });
}

}  // namespace kopilka::office
