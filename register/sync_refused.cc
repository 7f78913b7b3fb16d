// Journal entries head office refused (docs/sync.md "Refused entries"): recorded so that
// the push goes on without them, reported by /v1/health and `kopilka doctor`, and sent
// again or set aside by the technician. The entry itself never leaves the journal.
// Head office may also refuse the register itself (its credential revoked): that refusal
// is kept here too, as one meta row, while entries go on being journalled and stay pending.
#include "common/secrets.h"
#include "register/store.h"

namespace kopilka::daemon {

namespace {
constexpr const char* kOfficeRefusedKey = "office_refused";
}  // namespace

Status Store::record_office_refusal(const std::string& credential, const std::string& message,
                                    core::Instant now) {
  Json j = {
      {"credential_sha256", common::sha256_hex(credential)}, {"at", now}, {"message", message}};
  return set_meta(kOfficeRefusedKey, j.dump());
}

Result<std::optional<Store::OfficeRefusal>> Store::office_refusal(const std::string& credential) {
  auto text = meta(kOfficeRefusedKey);
  if (!text) return text.status();
  if (text->empty() || credential.empty()) return std::optional<OfficeRefusal>();
  auto j = core::parse_json_exact(*text);
  if (!j || !j->is_object() || !(*j)["credential_sha256"].is_string() ||
      (*j)["credential_sha256"].get<std::string>() != common::sha256_hex(credential))
    return std::optional<OfficeRefusal>();
  OfficeRefusal r;
  if ((*j)["at"].is_number_integer()) r.at = (*j)["at"].get<std::int64_t>();
  if ((*j)["message"].is_string()) r.message = (*j)["message"].get<std::string>();
  return std::optional<OfficeRefusal>(std::move(r));
}

Status Store::clear_office_refusal() {
  auto text = meta(kOfficeRefusedKey);
  if (!text) return text.status();
  if (text->empty()) return Status::ok();
  return set_meta(kOfficeRefusedKey, "");
}

Status Store::record_refusal(const std::string& entry_id, const std::string& error,
                             const std::string& message, core::Instant now) {
  // Only an entry of this journal still waiting for head office can be refused.
  auto st = db_->prepare(
      "INSERT INTO sync_refused(entry_id, error, message, refused_at) "
      "SELECT entry_id, ?2, ?3, ?4 FROM journal WHERE entry_id = ?1 AND acked = 0 "
      "ON CONFLICT(entry_id) DO UPDATE SET error = ?2, message = ?3, refused_at = ?4, "
      "set_aside_at = NULL");
  if (!st) return st.status();
  return st->bind(1, entry_id).bind(2, error).bind(3, message).bind(4, now).run();
}

Result<std::vector<Store::RefusedEntry>> Store::refused_entries() {
  auto st = db_->prepare(
      "SELECT r.entry_id, j.kind, j.card, j.at, r.error, r.message, r.refused_at, "
      "r.set_aside_at FROM sync_refused AS r JOIN journal AS j USING (entry_id) "
      "ORDER BY j.seq");
  if (!st) return st.status();
  std::vector<RefusedEntry> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    RefusedEntry e;
    e.entry_id = st->text(0);
    e.kind = st->text(1);
    if (!st->is_null(2)) e.card = st->text(2);
    e.at = st->int64(3);
    e.error = st->text(4);
    e.message = st->text(5);
    e.refused_at = st->int64(6);
    if (!st->is_null(7)) e.set_aside_at = st->int64(7);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::int64_t> Store::refused_count() {
  return db_->query_int("SELECT count(*) FROM sync_refused WHERE set_aside_at IS NULL");
}

Result<std::int64_t> Store::set_aside_refused(const std::string& entry_id, core::Instant now) {
  auto st = db_->prepare(
      "UPDATE sync_refused SET set_aside_at = ?2 WHERE entry_id = ?1 AND set_aside_at IS NULL");
  if (!st) return st.status();
  if (Status s = st->bind(1, entry_id).bind(2, now).run(); !s) return s;
  const auto changed = static_cast<std::int64_t>(db_->changes());
  // Its card here still holds what the entry did, and head office's state (without it) is
  // not kept apart: the next sync pulls every card afresh as a first sync does, the other
  // unacknowledged entries re-applied, so the card shows head office's balance (a till
  // offered points head office never had).
  // `pull_afresh` too: a sync running meanwhile (kopilkad's, while the CLI sets aside)
  // writes its own cursor back when its page is applied; the next run starts over anyway.
  if (changed > 0)
    for (const char* key : {"sync_cursor", "sync_snapshot", "sync_snapshot_card", "pull_afresh"})
      if (Status m = set_meta(key, std::string(key) == "sync_cursor"   ? "0"
                                   : std::string(key) == "pull_afresh" ? "1"
                                                                       : "");
          !m)
        return m;
  return changed;
}

Result<std::int64_t> Store::retry_refused(const std::optional<std::string>& entry_id) {
  auto st = entry_id ? db_->prepare("DELETE FROM sync_refused WHERE entry_id = ?1")
                     : db_->prepare("DELETE FROM sync_refused");
  if (!st) return st.status();
  if (entry_id) st->bind(1, *entry_id);
  if (Status s = st->run(); !s) return s;
  return static_cast<std::int64_t>(db_->changes());
}

}  // namespace kopilka::daemon
