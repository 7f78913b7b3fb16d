// The register's durable store (schema/register): cards, programs, the receipt journal
// and its outbox. Writes happen inside transactions the caller opens with
// common::in_transaction(store.db(), …), one per money operation, so a receipt, its
// card change and its outbox row commit together (synchronous=FULL: on disk before
// COMMIT returns). Single-threaded: used from the daemon's event loop only.
// Implemented by job: store.cc (open, backup), card_store.cc, program_store.cc,
// receipt_store.cc, topup_store.cc, outbox.cc (the journal head office receives). Other threads use
// connections of their own: the start-up integrity check's, and the sync's applying of
// pulled pages (open_second). Tools that must never write or
// migrate the file (the CLI with the daemon stopped) open it with store_reader.h instead.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/db.h"
#include "common/wal_checkpointer.h"
#include "core/card_state.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/time.h"

namespace kopilka::daemon {

// More entries than one register journals between two shift-close backups, by far (a
// receipt a second for eleven days), and 10^12 restores short of the 18 digits an id takes.
inline constexpr std::int64_t kBackupNumberGap = 1'000'000;
// The meta key a backup copy carries (its value: when it was made).
inline constexpr const char* kBackupCopyKey = "backup_copy_of";

using common::Db;
using core::Json;
using core::Result;
using core::Status;

struct StoredReceipt {
  std::string receipt_id;
  std::string body_sha256;
  std::string entry_id;
  std::string card;
  core::Instant at = 0;
  Json response;  // read back from the receipt's journal entry (see insert_receipt)
  Json sale;
  Json refund_state;
  std::optional<std::string> cancel_entry_id;
};

struct StoredRefund {
  std::string refund_id;
  std::string receipt_id;
  std::string body_sha256;
  std::string entry_id;
  Json response;
};

// A wallet top-up as journalled (schema/register/006_topups.sql).
struct StoredTopup {
  std::string topup_id;
  std::string card;
  std::string body_sha256;
  std::string entry_id;
  Json response;
};

class Store {
 public:
  // Opens data_dir/kopilka.db: creates the directory, checks integrity, migrates, and gives
  // the register its id on first start. The integrity check (PRAGMA quick_check) reads the
  // whole file, over a second at a million cards, so unless a migration is due it runs on a
  // connection of its own in the background: reads are served at once, every write
  // transaction waits for the verdict, and a damaged file fails them with kCorrupt.
  // `on_checked` gets the verdict on the checking thread (not after ~Store began).
  static Result<std::unique_ptr<Store>> open(const std::string& data_dir,
                                             std::function<void(const Status&)> on_checked = {});
  // A second connection to the same file, for a thread that writes beside the event loop
  // (a sync applying pulled pages): no check and no migration (`first` did both), its
  // writes wait for `first`'s integrity verdict like `first`'s own. SQLite takes one writer
  // at a time; the other waits out the busy timeout. Its commits do not wait for the disk
  // (synchronous=NORMAL): only what can be pulled again is written through it. Unavailable
  // when `first` holds the file alone. Must not outlive `first`.
  static Result<std::unique_ptr<Store>> open_second(const Store& first);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The integrity check's verdict, waiting for it while it runs.
  Status integrity();
  // Without waiting: "checking" while it runs, then "ok" or "damaged".
  const char* integrity_state() const;

  Db& db() { return *db_; }
  // Opened when the disk was full (Db::open_exclusive): this process holds the file alone
  // until it restarts, and no write has been possible yet.
  bool opened_alone() const { return opened_alone_; }
  const std::string& register_id() const { return register_id_; }
  const std::string& path() const { return path_; }

  Result<std::optional<core::CardState>> load_card(const std::string& number);
  // The card that holds what was `number`'s (core/card_replacement.h): `number`'s state, or
  // that of its replacement, followed as far as this register has the cards; nullopt when
  // `number` is unknown here.
  Result<std::optional<core::CardState>> load_card_holding(const std::string& number);
  Result<std::optional<core::CardState>> find_card_by_phone(const std::string& phone);
  Status save_card(const core::CardState& card, core::Instant now);
  // A card head office sent: `state` its JSON text as it came, `card` what it reads as
  // (its checked form); storing the text spares writing it anew.
  Status save_card_as_sent(const core::CardState& card, const std::string& state,
                           core::Instant now);
  // The same with the card unread: its number and phone as the state holds them.
  Status save_card_text(const std::string& number, const std::optional<std::string>& phone,
                        const std::string& state, core::Instant now);

  Result<std::vector<Json>> program_documents();
  Result<std::optional<Json>> program_document(const std::string& id);
  Result<bool> put_program(const std::string& id, const Json& document, core::Instant now);
  Result<bool> delete_program(const std::string& id);

  // Appends a journal entry (and so an outbox row); returns its id "<register>:<seq>".
  // The id is known before the effects are applied, for lot ids.
  Result<std::string> next_entry_id();
  Status append_journal(const std::string& entry_id, const std::string& kind,
                        const std::string& card, core::Instant at, const Json& effects,
                        const Json& detail);
  // The same with the detail already written as plain JSON text (a confirm splices the
  // answer it sends into it rather than serialising it again).
  Status append_journal_text(const std::string& entry_id, const std::string& kind,
                             const std::string& card, core::Instant at, const Json& effects,
                             std::string_view detail);
  Result<std::int64_t> pending_entries();
  // Numbers the next entries after `seq` at least: a database restored from a backup would
  // otherwise number new receipts as entries its damaged copy had already sent to head
  // office, which refuses an id it holds for another entry.
  Status keep_journal_numbers_past(std::int64_t seq);
  // A backup copy (Store::backup marks each) opened as the live database: it was put in
  // place by hand or by `kopilka doctor`, and the file it replaced may have numbered
  // entries after the copy was made and sent them to head office. The numbering jumps
  // kBackupNumberGap past the copy's, once, and the mark is removed; true when it did.
  Result<bool> leave_backup_numbering();
  // Takes the mark off a backup copy at `path` (not open): for `kopilka doctor`, which read
  // how far the damaged file had numbered and continues from there exactly.
  static Status forget_backup_mark(const std::string& path);

  // Without `with_answer` the receipt's `response` is left null: a refund needs the sale,
  // not the answer, which is read from the journal entry's detail (several KB).
  Result<std::optional<StoredReceipt>> get_receipt(const std::string& receipt_id,
                                                   bool with_answer = true);
  // `sale_text` is the sale's document (core::sale_to_text); `receipt.response` and
  // `receipt.sale` are not read. The answer sent to the POS is stored once, in the journal
  // entry `receipt.entry_id` (its detail's "response"), appended in the same transaction;
  // get_receipt reads it from there.
  Status insert_receipt(const StoredReceipt& receipt, std::string_view sale_text);
  Status update_refund_state(const std::string& receipt_id, const Json& state,
                             const std::optional<std::string>& cancel_entry_id);
  Result<std::optional<StoredRefund>> get_refund(const std::string& refund_id);
  Result<std::vector<Json>> refunds_of(const std::string& receipt_id);
  Status insert_refund(const StoredRefund& refund);

  Result<std::optional<std::pair<std::string, Json>>> get_adjustment(const std::string& adjust_id,
                                                                     std::string* body_sha256);
  Status insert_adjustment(const std::string& adjust_id, const std::string& card,
                           const std::string& body_sha256, const Json& response);

  Result<std::optional<StoredTopup>> get_topup(const std::string& topup_id);
  Status insert_topup(const StoredTopup& topup);

  Result<core::Counters> counters();
  // What `card`'s receipts journalled here paid from its wallet that head office has not
  // acknowledged yet (the offline wallet limit, register/wallet_offline.h).
  Result<core::Kopecks> unsynced_wallet_paid(const std::string& card);
  Status count_coupons(const std::vector<std::string>& programs, int delta);

  // Sync with head office (sync_store.cc). Journal entries as docs/sync.md sends them,
  // oldest first: unacknowledged and not refused, with local seq in (after_seq, up_to_seq].
  // At most `limit` of them, and no more than `max_bytes` of stored text together (the
  // first always comes, whatever its size): a push must stay within head office's body.
  Result<std::vector<Json>> unacked_entries(std::int64_t after_seq, std::int64_t up_to_seq,
                                            std::size_t limit, std::size_t max_bytes,
                                            core::Zone zone);
  // The same, for one card, as (entry id, day, effects) to re-apply over head office's state.
  struct OwnEntry {
    std::string entry_id;
    core::Day day = 0;
    core::CardEffects effects;
  };
  Result<std::vector<OwnEntry>> unacked_effects(const std::optional<std::string>& card,
                                                core::Zone zone);
  // The cards of the entries unacked_effects returns, each once.
  Result<std::vector<std::string>> unacked_cards();
  Result<std::int64_t> last_journal_seq();
  // Marks entries acknowledged; ids not in the journal are ignored (and counted out).
  Result<std::int64_t> mark_acked(const std::vector<std::string>& ids);
  // Head office's database went back in time (restored from a backup, epoch `epoch`): every
  // acknowledged entry becomes unacknowledged, to be pushed again (head office applies each
  // id once), and the pull starts over with a first sync's snapshot. Returns how many
  // entries are to be sent again.
  Result<std::int64_t> start_over_with_office(const std::string& epoch);
  // Every acknowledged entry becomes unacknowledged, to be pushed again at the next sync:
  // a head office that lacks them (one rebuilt without a backup) gets them, one that has
  // them applies nothing twice. Call inside a transaction. Returns how many.
  Result<std::int64_t> resend_acknowledged();
  Status set_coupon_total(const std::string& program, std::int64_t uses);

  // Entries head office refused (sync_refused.cc): no longer pushed, still in the journal.
  struct RefusedEntry {
    std::string entry_id, kind, error, message;
    std::optional<std::string> card;
    core::Instant at = 0, refused_at = 0;
    std::optional<core::Instant> set_aside_at;  // set aside by the technician
  };
  // Records head office's refusal of an unacknowledged entry (others are ignored).
  Status record_refusal(const std::string& entry_id, const std::string& error,
                        const std::string& message, core::Instant now);
  Result<std::vector<RefusedEntry>> refused_entries();  // set aside ones too, oldest first
  Result<std::int64_t> refused_count();                 // not set aside
  // Set aside: no longer reported nor counted pending, nor applied over head office's
  // state; kept in the journal. The pull starts over (a snapshot), so that its card comes
  // from head office again. Call inside a transaction. Returns how many were set aside
  // (0: not a refused entry).
  Result<std::int64_t> set_aside_refused(const std::string& entry_id, core::Instant now);
  // Forgets the refusal (of one entry, or all) so the next sync sends it again.
  Result<std::int64_t> retry_refused(const std::optional<std::string>& entry_id);

  // Head office refusing this register's credential (401: revoked, sync_refused.cc): kept
  // until a sync with this credential succeeds, so /v1/health and `kopilka sync status`
  // say it across restarts. Remembered per credential: a new enrolment starts clean.
  struct OfficeRefusal {
    core::Instant at = 0;
    std::string message;
  };
  Status record_office_refusal(const std::string& credential, const std::string& message,
                               core::Instant now);
  Result<std::optional<OfficeRefusal>> office_refusal(const std::string& credential);
  Status clear_office_refusal();
  // Head office's chain settings as pulled (chain_settings_store.cc): null until any came.
  Result<Json> chain_settings();
  // The document as stored (Json::dump of what came), "" when none came.
  Result<std::string> chain_settings_text();
  Status put_chain_settings(const Json& settings, std::int64_t seq, core::Instant now);

  // Small durable facts (sync cursor, last sync): empty when unset.
  Result<std::string> meta(const std::string& key);
  Status set_meta(const std::string& key, const std::string& value);

  Result<std::int64_t> card_count();
  // A consistent copy (VACUUM INTO) in dir, keeping the newest `keep` copies.
  Result<std::string> backup(const std::string& dir, core::Instant now, int keep);

 private:
  Store(std::unique_ptr<Db> db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  void check_in_background(std::unique_ptr<Db> checker,
                           std::function<void(const Status&)> on_checked);

  std::unique_ptr<Db> db_;
  // Checkpoints db_'s log off the committing thread; stopped before db_ closes.
  std::unique_ptr<common::WalCheckpointer> checkpointer_;
  std::string path_;
  std::string register_id_;
  std::shared_future<Status> verdict_;  // invalid when checked before open returned
  std::unique_ptr<Db> checker_db_;
  std::thread checker_;
  std::atomic<bool> closing_{false};
  bool opened_alone_ = false;
};

}  // namespace kopilka::daemon
