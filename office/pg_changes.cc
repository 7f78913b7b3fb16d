// The PostgreSQL engine's change feed, and the chain settings' save (numbered like any
// change). One statement reads one snapshot; numbers commit in
// order (pg_store.h), so every number up to the highest one visible is committed and a
// page never passes a change that is still to commit.
#include <algorithm>

#include "office/pg_store.h"

namespace kopilka::office {

Result<ChangePage> PgStore::changes_after(std::int64_t after, std::int64_t limit,
                                          Remaining remaining) {
  auto r = db_->exec(
      "SELECT seq, 'program' AS type, id, document, 0::bigint FROM programs WHERE seq > $1::bigint "
      "UNION ALL SELECT seq, 'card', number, state, 0 FROM cards WHERE seq > $1::bigint "
      "UNION ALL SELECT seq, 'counter', program, NULL, uses FROM coupon_totals "
      "WHERE seq > $1::bigint "
      "UNION ALL SELECT seq, 'settings', id, document, 0 FROM chain_settings "
      "WHERE seq > $1::bigint ORDER BY 1 LIMIT $2::bigint",
      // One row beyond the page says whether more follow, exactly and without counting them.
      {std::to_string(after), std::to_string(limit + 1)});
  if (!r) return r.status();
  ChangePage page;
  page.next = after;
  page.more = r->rows() > limit;
  for (int i = 0; i < r->rows() && i < limit; ++i) {
    Change c;
    c.seq = r->int64(i, 0);
    std::string type = r->text(i, 1);
    c.key = r->text(i, 2);
    if (type == "program") {
      c.type = r->is_null(i, 3) ? Change::Type::kProgramDeleted : Change::Type::kProgram;
      if (!r->is_null(i, 3)) c.text = r->text(i, 3);
    } else if (type == "card") {
      c.type = Change::Type::kCard;
      c.text = r->text(i, 3);
    } else if (type == "settings") {
      c.type = Change::Type::kSettings;
      c.text = r->text(i, 3);
    } else {
      c.type = Change::Type::kCounter;
      c.uses = r->int64(i, 4);
    }
    page.next = c.seq;
    page.changes.push_back(std::move(c));
  }
  if (!page.more) return page;
  // Counting walks the seq indexes after the cursor; the bound reads each index's end.
  auto counted = db_->exec(remaining == Remaining::kCounted
                               ? "SELECT (SELECT count(*) FROM programs WHERE seq > $1::bigint) + "
                                 "(SELECT count(*) FROM cards WHERE seq > $1::bigint) + "
                                 "(SELECT count(*) FROM coupon_totals WHERE seq > $1::bigint) + "
                                 "(SELECT count(*) FROM chain_settings WHERE seq > $1::bigint)"
                               : "SELECT greatest(coalesce((SELECT max(seq) FROM programs), 0), "
                                 "coalesce((SELECT max(seq) FROM cards), 0), "
                                 "coalesce((SELECT max(seq) FROM coupon_totals), 0), "
                                 "coalesce((SELECT max(seq) FROM chain_settings), 0)) - $1::bigint",
                           {std::to_string(page.next)});
  if (!counted) return counted.status();
  page.remaining = std::max<std::int64_t>(counted->int64(0, 0), 1);
  return page;
}

Status PgStore::put_chain_settings(const std::string& document) {
  return pg_transaction(*db_, [&]() -> Status {
    auto seq = take_numbers(1);
    if (!seq) return seq.status();
    return db_->run(
        "INSERT INTO chain_settings(id, document, seq) VALUES ('chain', $1, $2::bigint) "
        "ON CONFLICT(id) DO UPDATE SET document = $1, seq = $2::bigint",
        {document, std::to_string(*seq)});
  });
}

}  // namespace kopilka::office
