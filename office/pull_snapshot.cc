// Reading a page of a first sync's snapshot; see pull_snapshot.h.
#include "office/pull_snapshot.h"

#include <algorithm>

namespace kopilka::office {

using core::Result;
using core::Status;

namespace {

// Every number up to the feed's highest is committed (storage.h: numbers commit in order on
// both engines), so a snapshot that begins after reading it sees every change up to it.
Result<std::int64_t> highest_change(Sql& sql) {
  auto highest = query_int(sql,
                           "SELECT max(seq) FROM (SELECT max(seq) AS seq FROM programs "
                           "UNION ALL SELECT max(seq) FROM cards "
                           "UNION ALL SELECT max(seq) FROM coupon_totals "
                           "UNION ALL SELECT max(seq) FROM chain_settings) AS feed");
  if (!highest) return highest.status();
  return highest->value_or(0);
}

// The programs (deleted ones as such), coupon counters and chain settings as they are now:
// a few rows, which the register applies before the cards as a delta pull would.
Status read_other_changes(Sql& sql, std::vector<Change>* out) {
  return sql.each_row(
      "SELECT seq, 'program', id, document, 0 FROM programs "
      "UNION ALL SELECT seq, 'counter', program, NULL, uses FROM coupon_totals "
      "UNION ALL SELECT seq, 'settings', id, document, 0 FROM chain_settings ORDER BY 1",
      {}, [&](const SqlCursor& row) {
        Change c;
        c.seq = row.int64(0);
        const std::string type(row.text(1));  // row.text() is valid until the next one
        c.key = std::string(row.text(2));
        if (type == "program") {
          c.type = row.is_null(3) ? Change::Type::kProgramDeleted : Change::Type::kProgram;
          if (!row.is_null(3)) c.text = std::string(row.text(3));
        } else if (type == "settings") {
          c.type = Change::Type::kSettings;
          c.text = std::string(row.text(3));
        } else {
          c.type = Change::Type::kCounter;
          c.uses = row.int64(4);
        }
        out->push_back(std::move(c));
      });
}

}  // namespace

Result<SnapshotPage> read_snapshot_page(Sql& sql, std::optional<std::int64_t> upto,
                                        const std::string& card_after, std::int64_t limit,
                                        Remaining remaining) {
  SnapshotPage page;
  if (!upto) {
    auto highest = highest_change(sql);
    if (!highest) return highest.status();
    upto = *highest;
  }
  page.upto = *upto;
  if (card_after.empty())
    if (Status s = read_other_changes(sql, &page.changes); !s) return s;
  const std::size_t others = page.changes.size();
  // One card beyond the page says whether more follow, exactly and without counting them.
  std::int64_t cards = 0;
  bool more_cards = false;
  Status read =
      sql.each_row("SELECT number, state, seq FROM cards WHERE number > $1 ORDER BY number LIMIT " +
                       std::to_string(limit + 1),
                   {card_after}, [&](const SqlCursor& row) {
                     if (cards++ == limit) {
                       more_cards = true;
                       return;
                     }
                     Change c;
                     c.type = Change::Type::kCard;
                     c.seq = row.int64(2);
                     c.key = std::string(row.text(0));
                     c.text = std::string(row.text(1));
                     page.changes.push_back(std::move(c));
                   });
  if (!read) return read;
  if (more_cards) page.card_after = page.changes.back().key;
  auto highest = highest_change(sql);
  if (!highest) return highest.status();
  const std::int64_t after_upto = std::max<std::int64_t>(*highest - page.upto, 0);
  page.more = more_cards || after_upto > 0;
  if (!page.more) return page;
  if (remaining == Remaining::kCounted && card_after.empty()) {
    // A count of every card reads the smallest index; one after a card number would read
    // the cards themselves, so a resumed snapshot is bounded instead.
    auto all = query_int(sql, "SELECT count(*) FROM cards");
    if (!all) return all.status();
    page.remaining =
        all->value_or(0) - static_cast<std::int64_t>(page.changes.size() - others) + after_upto;
  } else {
    // Cards are at most as many as change numbers, each card holding one.
    page.remaining = (more_cards ? *highest : 0) + after_upto;
  }
  page.remaining = std::max<std::int64_t>(page.remaining, 1);
  return page;
}

}  // namespace kopilka::office
