// Register store; see store.h.
#include "daemon/store.h"

#include <algorithm>
#include <filesystem>

#include "common/migrations.h"
#include "common/secrets.h"
#include "core/card_state_json.h"

namespace kopilka::schema {
const std::vector<std::string>& register_migrations();
}

namespace kopilka::daemon {

namespace {

Result<Json> parse_stored(const std::string& text, const std::string& what) {
  auto j = core::parse_json_exact(text);
  if (!j) return Status::corrupt(what + " is damaged: " + j.status().message());
  return *j;
}

std::optional<std::string> phone_of(const core::CardState& c) {
  if (c.customer && c.customer->phone) return c.customer->phone;
  return std::nullopt;
}

Result<std::optional<core::CardState>> card_from_row(common::Stmt& st) {
  std::string text = st.text(0);
  st.reset();
  auto j = parse_stored(text, "a stored card");
  if (!j) return j.status();
  auto card = core::card_state_from_json(*j);
  if (!card) return Status::corrupt("a stored card is damaged: " + card.status().message());
  return std::optional<core::CardState>(std::move(*card));
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Status::unavailable("cannot create " + data_dir + ": " + ec.message());
  std::filesystem::permissions(data_dir,
                               std::filesystem::perms::owner_all |
                                   std::filesystem::perms::group_read |
                                   std::filesystem::perms::group_exec,
                               ec);
  std::string path = data_dir + "/kopilka.db";
  auto db = Db::open(path);
  if (!db) {
    if (db.status().code() != core::Code::kCorrupt) return db.status();
    return Status::corrupt(path + " is not a usable database (" + db.status().message() +
                           "); run `kopilka doctor` to restore the last backup");
  }
  std::unique_ptr<Store> store(new Store(std::move(*db), path));
  auto check = store->db_->prepare("PRAGMA quick_check");
  if (!check) {
    return Status::corrupt(path + " is not a usable database (" + check.status().message() +
                           "); run `kopilka doctor` to restore the last backup");
  }
  auto row = check->step();
  if (!row || !*row || check->text(0) != "ok") {
    return Status::corrupt(
        path +
        " is damaged (integrity check failed); run `kopilka doctor` to restore the last backup");
  }
  check->reset();
  if (Status s = common::migrate(*store->db_, schema::register_migrations(), "kopilkad"); !s)
    return s;

  auto get = store->db_->prepare("SELECT value FROM meta WHERE key = 'register_id'");
  if (!get) return get.status();
  auto found = get->step();
  if (!found) return found.status();
  if (*found) {
    store->register_id_ = get->text(0);
    get->reset();
  } else {
    get->reset();
    store->register_id_ = "r-" + common::random_hex(4);
    auto put = store->db_->prepare("INSERT INTO meta(key, value) VALUES ('register_id', ?1)");
    if (!put) return put.status();
    if (Status s = put->bind(1, store->register_id_).run(); !s) return s;
  }
  return store;
}

Result<std::optional<core::CardState>> Store::load_card(const std::string& number) {
  auto st = db_->prepare("SELECT state FROM cards WHERE number = ?1");
  if (!st) return st.status();
  st->bind(1, number);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<core::CardState>();
  return card_from_row(*st);
}

Result<std::optional<core::CardState>> Store::find_card_by_phone(const std::string& phone) {
  auto st = db_->prepare("SELECT state FROM cards WHERE phone = ?1 ORDER BY number LIMIT 1");
  if (!st) return st.status();
  st->bind(1, phone);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<core::CardState>();
  return card_from_row(*st);
}

Status Store::save_card(const core::CardState& card, core::Instant now) {
  auto st = db_->prepare(
      "INSERT INTO cards(number, phone, state, updated) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(number) DO UPDATE SET phone = ?2, state = ?3, updated = ?4");
  if (!st) return st.status();
  return st->bind(1, card.number)
      .bind_optional(2, phone_of(card))
      .bind(3, core::card_state_to_json(card).dump())
      .bind(4, now)
      .run();
}

Result<std::vector<Json>> Store::program_documents() {
  auto st = db_->prepare("SELECT id, document FROM programs ORDER BY id");
  if (!st) return st.status();
  std::vector<Json> docs;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto doc = parse_stored(st->text(1), "program " + st->text(0));
    if (!doc) return doc.status();
    docs.push_back(std::move(*doc));
  }
  return docs;
}

Result<std::optional<Json>> Store::program_document(const std::string& id) {
  auto st = db_->prepare("SELECT document FROM programs WHERE id = ?1");
  if (!st) return st.status();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<Json>();
  std::string text = st->text(0);
  st->reset();
  auto doc = parse_stored(text, "program " + id);
  if (!doc) return doc.status();
  return std::optional<Json>(std::move(*doc));
}

Result<bool> Store::put_program(const std::string& id, const Json& document, core::Instant now) {
  auto old = program_document(id);
  if (!old) return old.status();
  auto st = db_->prepare(
      "INSERT INTO programs(id, document, updated) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(id) DO UPDATE SET document = ?2, updated = ?3");
  if (!st) return st.status();
  if (Status s = st->bind(1, id).bind(2, core::json_plain(document).dump()).bind(3, now).run(); !s)
    return s;
  return !old->has_value();
}

Result<bool> Store::delete_program(const std::string& id) {
  auto st = db_->prepare("DELETE FROM programs WHERE id = ?1");
  if (!st) return st.status();
  if (Status s = st->bind(1, id).run(); !s) return s;
  return db_->changes() > 0;
}

Result<std::string> Store::next_entry_id() {
  auto st =
      db_->prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  std::int64_t seq = st->int64(0) + 1;
  st->reset();
  return register_id_ + ":" + std::to_string(seq);
}

Status Store::append_journal(const std::string& entry_id, const std::string& kind,
                             const std::string& card, core::Instant at, const Json& effects,
                             const Json& detail) {
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
      .bind(7, core::json_plain(detail).dump())
      .run();
}

Result<std::int64_t> Store::pending_entries() {
  auto st = db_->prepare("SELECT count(*) FROM journal WHERE acked = 0");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  std::int64_t n = st->int64(0);
  st->reset();
  return n;
}

Result<std::optional<StoredReceipt>> Store::get_receipt(const std::string& receipt_id) {
  auto st = db_->prepare(
      "SELECT body_sha256, entry_id, coalesce(card, ''), at, response, sale, refund_state, "
      "cancel_entry_id "
      "FROM receipts WHERE receipt_id = ?1");
  if (!st) return st.status();
  st->bind(1, receipt_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<StoredReceipt>();
  StoredReceipt r;
  r.receipt_id = receipt_id;
  r.body_sha256 = st->text(0);
  r.entry_id = st->text(1);
  r.card = st->text(2);
  r.at = st->int64(3);
  std::string response = st->text(4), sale = st->text(5), state = st->text(6);
  if (!st->is_null(7)) r.cancel_entry_id = st->text(7);
  st->reset();
  auto a = parse_stored(response, "receipt " + receipt_id);
  auto b = parse_stored(sale, "receipt " + receipt_id);
  auto c = parse_stored(state, "receipt " + receipt_id);
  if (!a || !b || !c) return Status::corrupt("receipt " + receipt_id + " is damaged");
  r.response = std::move(*a);
  r.sale = std::move(*b);
  r.refund_state = std::move(*c);
  return std::optional<StoredReceipt>(std::move(r));
}

Status Store::insert_receipt(const StoredReceipt& r) {
  auto st = db_->prepare(
      "INSERT INTO receipts(receipt_id, body_sha256, entry_id, card, at, response, sale, "
      "refund_state) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!st) return st.status();
  return st->bind(1, r.receipt_id)
      .bind(2, r.body_sha256)
      .bind(3, r.entry_id)
      .bind_optional(4, r.card.empty() ? std::optional<std::string>() : r.card)
      .bind(5, r.at)
      .bind(6, r.response.dump())
      .bind(7, r.sale.dump())
      .bind(8, r.refund_state.dump())
      .run();
}

Status Store::update_refund_state(const std::string& receipt_id, const Json& state,
                                  const std::optional<std::string>& cancel_entry_id) {
  auto st = db_->prepare(
      "UPDATE receipts SET refund_state = ?2, cancel_entry_id = coalesce(?3, cancel_entry_id) "
      "WHERE receipt_id = ?1");
  if (!st) return st.status();
  return st->bind(1, receipt_id).bind(2, state.dump()).bind_optional(3, cancel_entry_id).run();
}

Result<std::optional<StoredRefund>> Store::get_refund(const std::string& refund_id) {
  auto st = db_->prepare(
      "SELECT receipt_id, body_sha256, entry_id, response FROM refunds WHERE refund_id = ?1");
  if (!st) return st.status();
  st->bind(1, refund_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<StoredRefund>();
  StoredRefund r;
  r.refund_id = refund_id;
  r.receipt_id = st->text(0);
  r.body_sha256 = st->text(1);
  r.entry_id = st->text(2);
  std::string response = st->text(3);
  st->reset();
  auto j = parse_stored(response, "refund " + refund_id);
  if (!j) return j.status();
  r.response = std::move(*j);
  return std::optional<StoredRefund>(std::move(r));
}

Result<std::vector<Json>> Store::refunds_of(const std::string& receipt_id) {
  auto st = db_->prepare("SELECT response FROM refunds WHERE receipt_id = ?1 ORDER BY entry_id");
  if (!st) return st.status();
  st->bind(1, receipt_id);
  std::vector<Json> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto j = parse_stored(st->text(0), "a refund");
    if (!j) return j.status();
    out.push_back(std::move(*j));
  }
  return out;
}

Status Store::insert_refund(const StoredRefund& r) {
  auto st = db_->prepare(
      "INSERT INTO refunds(refund_id, receipt_id, body_sha256, entry_id, response) VALUES (?1, ?2, "
      "?3, ?4, ?5)");
  if (!st) return st.status();
  return st->bind(1, r.refund_id)
      .bind(2, r.receipt_id)
      .bind(3, r.body_sha256)
      .bind(4, r.entry_id)
      .bind(5, r.response.dump())
      .run();
}

Result<std::optional<std::pair<std::string, Json>>> Store::get_adjustment(
    const std::string& adjust_id, std::string* body_sha256) {
  auto st =
      db_->prepare("SELECT card, body_sha256, response FROM adjustments WHERE adjust_id = ?1");
  if (!st) return st.status();
  st->bind(1, adjust_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::pair<std::string, Json>>();
  std::string card = st->text(0), response = st->text(2);
  *body_sha256 = st->text(1);
  st->reset();
  auto j = parse_stored(response, "adjustment " + adjust_id);
  if (!j) return j.status();
  return std::optional<std::pair<std::string, Json>>(std::make_pair(card, std::move(*j)));
}

Status Store::insert_adjustment(const std::string& adjust_id, const std::string& card,
                                const std::string& body_sha256, const Json& response) {
  auto st = db_->prepare(
      "INSERT INTO adjustments(adjust_id, card, body_sha256, response) VALUES (?1, ?2, ?3, ?4)");
  if (!st) return st.status();
  return st->bind(1, adjust_id).bind(2, card).bind(3, body_sha256).bind(4, response.dump()).run();
}

Result<core::Counters> Store::counters() {
  auto st = db_->prepare("SELECT program, uses FROM coupon_totals");
  if (!st) return st.status();
  core::Counters c;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    c.coupon_uses_total[st->text(0)] = st->int64(1);
  }
  return c;
}

Status Store::count_coupons(const std::vector<std::string>& programs, int delta) {
  for (const auto& p : programs) {
    auto st = db_->prepare(
        "INSERT INTO coupon_totals(program, uses) VALUES (?1, max(0, ?2)) "
        "ON CONFLICT(program) DO UPDATE SET uses = max(0, uses + ?2)");
    if (!st) return st.status();
    if (Status s = st->bind(1, p).bind(2, delta).run(); !s) return s;
  }
  return Status::ok();
}

Result<std::int64_t> Store::card_count() {
  auto st = db_->prepare("SELECT count(*) FROM cards");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  std::int64_t n = st->int64(0);
  st->reset();
  return n;
}

Result<std::string> Store::backup(const std::string& dir, core::Instant now, int keep) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::unavailable("cannot create " + dir + ": " + ec.message());
  std::string target = dir + "/kopilka-" + std::to_string(now) + ".db";
  fs::remove(target, ec);
  auto st = db_->prepare("VACUUM INTO ?1");
  if (!st) return st.status();
  if (Status s = st->bind(1, target).run(); !s) return s;
  std::vector<fs::path> copies;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind("kopilka-", 0) == 0) copies.push_back(e.path());
  std::sort(copies.begin(), copies.end());
  while (copies.size() > static_cast<std::size_t>(keep)) {
    fs::remove(copies.front(), ec);
    copies.erase(copies.begin());
  }
  return target;
}

}  // namespace kopilka::daemon
