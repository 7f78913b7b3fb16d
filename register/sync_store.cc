// The register store's side of sync (docs/sync.md): reading unacknowledged journal
// entries for a push, marking acknowledgements, and the small durable facts of sync
// (cursor, last sync) in `meta`. Callers open the transactions.
#include "register/store.h"

#include "core/json_exact.h"

namespace kopilka::daemon {

Result<std::vector<Json>> Store::unacked_entries(std::int64_t after_seq, std::int64_t up_to_seq,
                                                 std::size_t limit, std::size_t max_bytes,
                                                 core::Zone zone) {
  auto st = db_->prepare(
      "SELECT seq, entry_id, kind, card, at, effects, detail FROM journal "
      "WHERE acked = 0 AND seq > ?1 AND seq <= ?2 "
      "AND entry_id NOT IN (SELECT entry_id FROM sync_refused) ORDER BY seq LIMIT ?3");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, up_to_seq).bind(3, static_cast<std::int64_t>(limit));
  std::vector<Json> out;
  std::size_t bytes = 0;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    const std::string effects_text = st->text(5), detail_text = st->text(6);
    // The id, kind, card and time besides: well under 512 bytes.
    bytes += effects_text.size() + detail_text.size() + 512;
    if (!out.empty() && bytes > max_bytes) break;
    // Plain: a decimal (a weighed line's quantity) goes to head office as the number it was.
    auto effects = core::parse_stored_plain(effects_text, "journal entry " + st->text(1));
    if (!effects) return effects.status();
    auto detail = core::parse_stored_plain(detail_text, "journal entry " + st->text(1));
    if (!detail) return detail.status();
    Json e = {{"id", st->text(1)},
              {"seq", st->int64(0)},
              {"kind", st->text(2)},
              {"at", core::format_rfc3339(st->int64(4), zone)},
              {"effects", std::move(*effects)},
              {"detail", std::move(*detail)}};
    if (!st->is_null(3)) e["card"] = st->text(3);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Store::OwnEntry>> Store::unacked_effects(const std::optional<std::string>& card,
                                                            core::Zone zone) {
  // A refused entry still counts here until the technician sets it aside.
  auto st = card ? db_->prepare(
                       "SELECT entry_id, at, effects FROM journal WHERE card = ?1 AND acked = 0 "
                       "AND entry_id NOT IN (SELECT entry_id FROM sync_refused "
                       "WHERE set_aside_at IS NOT NULL) ORDER BY seq")
                 : db_->prepare(
                       "SELECT entry_id, at, effects FROM journal WHERE acked = 0 "
                       "AND entry_id NOT IN (SELECT entry_id FROM sync_refused "
                       "WHERE set_aside_at IS NOT NULL) ORDER BY seq");
  if (!st) return st.status();
  if (card) st->bind(1, *card);
  std::vector<OwnEntry> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto json = core::parse_stored(st->text(2), "journal entry " + st->text(0));
    if (!json) return json.status();
    auto effects = core::effects_from_json(*json);
    if (!effects)
      return Status::corrupt("journal entry " + st->text(0) +
                             " is damaged: " + effects.status().message());
    out.push_back({st->text(0), core::local_day(st->int64(1), zone), std::move(*effects)});
  }
  return out;
}

Result<std::vector<std::string>> Store::unacked_cards() {
  auto st = db_->prepare(
      "SELECT DISTINCT card FROM journal WHERE acked = 0 AND card IS NOT NULL AND card != '' "
      "AND entry_id NOT IN (SELECT entry_id FROM sync_refused WHERE set_aside_at IS NOT NULL)");
  if (!st) return st.status();
  std::vector<std::string> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    out.push_back(st->text(0));
  }
  return out;
}

Result<std::int64_t> Store::last_journal_seq() {
  return db_->query_int("SELECT coalesce(max(seq), 0) FROM journal");
}

Result<std::int64_t> Store::mark_acked(const std::vector<std::string>& ids) {
  auto st = db_->prepare("UPDATE journal SET acked = 1 WHERE entry_id = ?1 AND acked = 0");
  if (!st) return st.status();
  std::int64_t marked = 0;
  for (const auto& id : ids) {
    if (Status s = st->bind(1, id).run(); !s) return s;
    marked += db_->changes();
  }
  return marked;
}

Status Store::set_coupon_total(const std::string& program, std::int64_t uses) {
  auto st = db_->prepare(
      "INSERT INTO coupon_totals(program, uses) VALUES (?1, max(0, ?2)) "
      "ON CONFLICT(program) DO UPDATE SET uses = max(0, ?2)");
  if (!st) return st.status();
  return st->bind(1, program).bind(2, uses).run();
}

Result<std::string> Store::meta(const std::string& key) {
  auto st = db_->prepare("SELECT value FROM meta WHERE key = ?1");
  if (!st) return st.status();
  st->bind(1, key);
  auto row = st->step();
  if (!row) return row.status();
  std::string value = *row ? st->text(0) : std::string();
  st->reset();
  return value;
}

Result<std::int64_t> Store::resend_acknowledged() {
  auto st = db_->prepare("UPDATE journal SET acked = 0 WHERE acked <> 0");
  if (!st) return st.status();
  if (Status r = st->run(); !r) return r;
  return static_cast<std::int64_t>(db_->changes());
}

Result<std::int64_t> Store::start_over_with_office(const std::string& epoch) {
  std::int64_t resent = 0;
  Status s = common::in_transaction(*db_, [&]() -> Status {
    auto n = resend_acknowledged();
    if (!n) return n.status();
    resent = *n;
    for (const auto& [key, value] : {std::pair<const char*, std::string>{"sync_cursor", "0"},
                                     {"sync_snapshot", ""},
                                     {"sync_snapshot_card", ""},
                                     {"office_epoch", epoch}})
      if (Status m = set_meta(key, value); !m) return m;
    return Status::ok();
  });
  if (!s) return s;
  return resent;
}

Status Store::set_meta(const std::string& key, const std::string& value) {
  auto st = db_->prepare(
      "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
  if (!st) return st.status();
  return st->bind(1, key).bind(2, value).run();
}

}  // namespace kopilka::daemon
