// The journal and its outbox: every money operation appends one entry "<register>:<seq>"
// (receipt, refund, cancel, adjust, birthday, topup) with its CardEffects, in the same
// transaction as the change itself; `acked` is set once head office has it durably.
#include "register/store.h"

namespace kopilka::daemon {

Result<std::string> Store::next_entry_id() {
  auto last = db_->query_int(
      "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)");
  if (!last) return last.status();
  return register_id_ + ":" + std::to_string(*last + 1);
}

Status Store::keep_journal_numbers_past(std::int64_t seq) {
  return common::in_transaction(*db_, [&]() -> Status {
    auto last = db_->query_int(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)");
    if (!last) return last.status();
    if (*last >= seq) return Status::ok();
    if (Status gone = db_->exec("DELETE FROM sqlite_sequence WHERE name = 'journal'"); !gone)
      return gone;
    auto st = db_->prepare("INSERT INTO sqlite_sequence(name, seq) VALUES ('journal', ?1)");
    if (!st) return st.status();
    return st->bind(1, seq).run();
  });
}

Result<bool> Store::leave_backup_numbering() {
  // Read first: a database that is not a copy is not written to (a damaged one may not be).
  auto mark = meta(kBackupCopyKey);
  if (!mark) return mark.status();
  if (mark->empty()) return false;
  bool moved = false;
  Status s = common::in_transaction(*db_, [&]() -> Status {
    auto last = db_->query_int(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)");
    if (!last) return last.status();
    if (Status gone = db_->exec("DELETE FROM sqlite_sequence WHERE name = 'journal'"); !gone)
      return gone;
    auto put = db_->prepare("INSERT INTO sqlite_sequence(name, seq) VALUES ('journal', ?1)");
    if (!put) return put.status();
    if (Status p = put->bind(1, *last + kBackupNumberGap).run(); !p) return p;
    auto unmark = db_->prepare("DELETE FROM meta WHERE key = ?1");
    if (!unmark) return unmark.status();
    moved = true;
    return unmark->bind(1, kBackupCopyKey).run();
  });
  if (!s) return s;
  return moved;
}

Status Store::append_journal(const std::string& entry_id, const std::string& kind,
                             const std::string& card, core::Instant at, const Json& effects,
                             const Json& detail) {
  return append_journal_text(entry_id, kind, card, at, effects, core::json_plain(detail).dump());
}

Status Store::append_journal_text(const std::string& entry_id, const std::string& kind,
                                  const std::string& card, core::Instant at, const Json& effects,
                                  std::string_view detail) {
  auto st = db_->prepare(
      "INSERT INTO journal(seq, entry_id, kind, card, at, effects, detail) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6, ?7)");
  if (!st) return st.status();
  std::int64_t seq = std::stoll(entry_id.substr(entry_id.rfind(':') + 1));
  return st->bind(1, seq)
      .bind(2, entry_id)
      .bind(3, kind)
      .bind_optional(4, card.empty() ? std::optional<std::string>() : card)
      .bind(5, at)
      .bind(6, effects.dump())
      .bind(7, detail)
      .run();
}

// Refused entries count until set aside: they are still this register's to resolve.
// /v1/health asks on every call: the unacknowledged are counted in the index alone, and
// the few set aside are subtracted, looked up one by one. Checking each pending entry's id
// against them read every entry's row: 20-50 ms once a week offline left 29 000 pending.
Result<std::int64_t> Store::pending_entries() {
  return db_->query_int(
      "SELECT (SELECT count(*) FROM journal WHERE acked = 0) - "
      "(SELECT count(*) FROM sync_refused r CROSS JOIN journal j ON j.entry_id = r.entry_id "
      "WHERE r.set_aside_at IS NOT NULL AND j.acked = 0)");
}

}  // namespace kopilka::daemon
