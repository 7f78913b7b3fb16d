// A sync run's steps: what to push, what acknowledgements mean, and how a pulled page
// becomes local state (head office's card state, then this register's unacknowledged
// entries re-applied on top, with the cursor, a slice of the page per transaction).
#include "register/sync_run.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <spdlog/spdlog.h>

#include "core/card_number.h"
#include "core/card_state_json.h"
#include "core/effects.h"
#include "register/enrol_upload.h"

namespace kopilka::daemon {

using core::Json;
using core::Status;

Json SyncSummary::to_json() const {
  Json j = {{"sync", result},     {"pushed", pushed},       {"pulled", pulled},
            {"pending", pending}, {"remaining", remaining}, {"refused", refused}};
  j["error"] = error.empty() ? Json(nullptr) : Json(error);
  if (!enrolment.is_null()) j["enrolment"] = enrolment;
  return j;
}

void SyncRun::finish(std::string result, std::string error) {
  summary_.result = std::move(result);
  summary_.error = std::move(error);
  auto pending = store_.pending_entries();
  if (pending) summary_.pending = *pending;
  phase_ = Phase::kDone;
}

std::optional<OfficeRequest> SyncRun::next() {
  if (in_flight_call_) return std::nullopt;
  if (phase_ == Phase::kStart) {
    auto last = store_.last_journal_seq();
    if (!last) {
      finish("failed", last.status().message());
      return std::nullopt;
    }
    push_up_to_ = *last;
    auto cursor = store_.meta("sync_cursor");
    if (!cursor) {
      finish("failed", cursor.status().message());
      return std::nullopt;
    }
    cursor_ = 0;
    auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), cursor_);
    if (ec != std::errc() || end != cursor->data() + cursor->size()) cursor_ = 0;
    phase_ = Phase::kPush;
    if (auto marker = read_enrol_marker(data_dir_of(store_))) {
      phase_ = Phase::kUpload;
      upload_programs_ = *marker == EnrolPrograms::kUpload;
    }
  }
  if (phase_ == Phase::kUpload) {
    if (auto request = next_upload()) {
      in_flight_call_ = true;
      return request;
    }
    if (phase_ == Phase::kDone) return std::nullopt;
  }
  if (phase_ == Phase::kPush) {
    auto batch =
        store_.unacked_entries(sent_after_, push_up_to_, options_.push_batch, options_.zone);
    if (!batch) {
      finish("failed", batch.status().message());
      return std::nullopt;
    }
    if (!batch->empty()) {
      in_flight_.clear();
      for (const auto& e : *batch) in_flight_.push_back(e["id"].get<std::string>());
      in_flight_last_seq_ = batch->back()["seq"].get<std::int64_t>();
      Json body = {{"register_id", store_.register_id()}, {"entries", std::move(*batch)}};
      in_flight_call_ = true;
      return OfficeRequest{"POST", "/v1/sync/push", body.dump()};
    }
    phase_ = Phase::kPull;
  }
  // One page is fetched while the one before it is applied; no more are held.
  if (phase_ == Phase::kPull && more_to_pull_ && pages_.size() < 2) {
    in_flight_call_ = true;
    return OfficeRequest{"GET",
                         "/v1/sync/pull?after=" + std::to_string(cursor_) +
                             "&limit=" + std::to_string(options_.pull_page),
                         ""};
  }
  return std::nullopt;
}

namespace {

// A card change's state, read and checked, with its text as sent.
core::Result<PulledCard> read_pulled_card(const Json& state) {
  auto card = core::card_state_from_json(state);
  if (!card) return card.status();
  return PulledCard{std::move(*card), state.dump()};
}

}  // namespace

PulledCards read_pulled_cards(Json& body) {
  PulledCards cards;
  if (!body.is_object() || !body.contains("changes") || !body["changes"].is_array()) return cards;
  Json& changes = body["changes"];
  cards.resize(changes.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    Json& c = changes[i];
    if (!c.is_object() || c.value("type", Json()) != "card" || !c.contains("state")) continue;
    auto card = read_pulled_card(c["state"]);
    if (!card) continue;
    cards[i] = std::move(*card);
    c.erase("state");
  }
  return cards;
}

void SyncRun::take(core::Result<OfficeAnswer> answer, PulledCards cards) {
  in_flight_call_ = false;
  if (phase_ == Phase::kDone) return;
  if (!answer) return finish("offline", answer.status().message());
  OfficeAnswer& a = *answer;
  if (a.status == 401)
    return finish("failed",
                  "head office refused this register's credential: enrol it again "
                  "(kopilka enroll)");
  if (a.status == 426)
    return finish("failed", "head office speaks another sync protocol: " + office_error_text(a) +
                                " — update kopilka");
  if (a.status >= 500 || a.status == 0) return finish("offline", office_error_text(a));
  if (phase_ == Phase::kPush && a.status == 400 && refuse_named_entry(a)) return;
  if (a.status != 200) return finish("failed", office_error_text(a));
  if (phase_ == Phase::kUpload) return take_upload(a);
  if (phase_ == Phase::kPush) return take_push(a);
  take_pull(a, std::move(cards));
}

void SyncRun::take_push(const OfficeAnswer& a) {
  if (!a.body.is_object() || !a.body.contains("acked") || !a.body["acked"].is_array())
    return finish("failed", "head office's push answer has no \"acked\" list");
  std::vector<std::string> acked;
  for (const auto& id : a.body["acked"]) {
    if (id.is_string()) acked.push_back(id.get<std::string>());
  }
  auto sent = [this](const std::string& id) {
    return std::find(in_flight_.begin(), in_flight_.end(), id) != in_flight_.end();
  };
  auto was_acked = [&acked](const std::string& id) {
    return std::find(acked.begin(), acked.end(), id) != acked.end();
  };
  // Entries head office refused (docs/sync.md "Refused entries"): only those this batch
  // sent and head office did not also acknowledge; anything malformed in the list is
  // ignored, and the entry then counts as unacknowledged below.
  std::vector<Refusal> refused;
  if (a.body.contains("refused") && a.body["refused"].is_array()) {
    for (const auto& r : a.body["refused"]) {
      if (!r.is_object() || !r.contains("id") || !r["id"].is_string()) continue;
      std::string id = r["id"].get<std::string>();
      if (!sent(id) || was_acked(id)) continue;
      std::string why = text_of(r, "message", "");
      if (std::string field = text_of(r, "field", ""); !field.empty()) why += " (" + field + ")";
      refused.push_back({id, text_of(r, "error", "refused"), why});
    }
  }
  std::int64_t marked = 0;
  Status s = common::in_transaction(store_.db(), [&]() -> Status {
    auto n = store_.mark_acked(acked);
    if (!n) return n.status();
    marked = *n;
    return record_refusals(refused);
  });
  if (!s) return finish("failed", s.message());
  summary_.pushed += marked;
  report_refusals(refused);
  // Every entry sent must be acknowledged (or refused) before anything is pulled:
  // otherwise pulled state and re-applied entries could count one of them twice or not
  // at all.
  for (const auto& id : in_flight_) {
    bool was_refused =
        std::any_of(refused.begin(), refused.end(), [&id](const Refusal& r) { return r.id == id; });
    if (!was_acked(id) && !was_refused)
      return finish("failed", "head office did not acknowledge entry " + id);
  }
  sent_after_ = in_flight_last_seq_;
  in_flight_.clear();
}

// A head office that refuses a whole batch for one entry answers 400 naming it
// ("entries[3].at"): nothing of the batch was applied, so that entry is recorded refused
// and the batch is sent again without it. Any other 400 fails the run as before.
bool SyncRun::refuse_named_entry(const OfficeAnswer& a) {
  const Json& b = a.body;
  if (!b.is_object() || !b.contains("error") || !b["error"].is_object()) return false;
  const Json& e = b["error"];
  if (!e.contains("field") || !e["field"].is_string()) return false;
  const std::string field = e["field"].get<std::string>();
  const std::string prefix = "entries[";
  if (field.rfind(prefix, 0) != 0) return false;
  std::size_t index = 0;
  const char* begin = field.data() + prefix.size();
  const char* end = field.data() + field.size();
  auto [stop, ec] = std::from_chars(begin, end, index);
  if (ec != std::errc() || stop == end || *stop != ']' || index >= in_flight_.size()) return false;
  // Recorded as a refusal in the push answer is: the message, then the field inside the
  // entry in brackets.
  std::string inner = stop + 1 < end && stop[1] == '.' ? std::string(stop + 2, end) : "";
  std::string why = text_of(e, "message", "refused") + (inner.empty() ? "" : " (" + inner + ")");
  std::vector<Refusal> refused = {{in_flight_[index], text_of(e, "code", "invalid_request"), why}};
  Status s =
      common::in_transaction(store_.db(), [&]() -> Status { return record_refusals(refused); });
  if (!s) {
    finish("failed", s.message());
    return true;
  }
  report_refusals(refused);
  in_flight_.clear();  // sent_after_ stays: the rest of the batch goes again
  return true;
}

std::string SyncRun::text_of(const Json& object, const char* key, const std::string& fallback) {
  if (!object.contains(key) || !object[key].is_string()) return fallback;
  return object[key].get<std::string>();
}

Status SyncRun::record_refusals(const std::vector<Refusal>& refused) {
  for (const auto& r : refused)
    if (Status s = store_.record_refusal(r.id, r.error, r.message, options_.now()); !s) return s;
  return Status::ok();
}

void SyncRun::report_refusals(const std::vector<Refusal>& refused) {
  for (const auto& r : refused) {
    spdlog::error(
        "head office refused journal entry {} ({}: {}); the others sync on. It stays in the "
        "journal: `kopilka sync refused` lists it, `kopilka sync retry` sends it again, "
        "`kopilka sync set-aside` stops reporting it",
        r.id, r.error, r.message);
  }
  summary_.refused += static_cast<std::int64_t>(refused.size());
}

void SyncRun::take_pull(OfficeAnswer& a, PulledCards cards) {
  Json& b = a.body;
  // Every field is type-checked here: a malformed answer must fail the run, never throw
  // out of the event loop.
  if (!b.is_object() || !b.contains("changes") || !b["changes"].is_array() || !b.contains("next") ||
      !b["next"].is_number_integer() || (b.contains("more") && !b["more"].is_boolean()) ||
      (b.contains("remaining") && !b["remaining"].is_number_integer()))
    return finish("failed", "head office's pull answer is malformed");
  PulledPage page;
  page.next = b["next"].get<std::int64_t>();
  page.remaining = b.value("remaining", std::int64_t{0});
  bool more = b.value("more", false);
  page.changes = std::move(b["changes"]);
  page.cards = std::move(cards);
  if (!more || page.changes.empty()) more_to_pull_ = false;
  cursor_ = page.next;
  if (!page.changes.empty()) pages_.push_back(std::move(page));
  finish_if_pulled_all();
}

void SyncRun::finish_if_pulled_all() {
  if (phase_ == Phase::kPull && !more_to_pull_ && pages_.empty() && !in_flight_call_)
    finish("ok", "");
}

bool SyncRun::apply_slice() {
  if (phase_ == Phase::kDone || pages_.empty()) return false;
  PulledPage& page = pages_.front();
  std::size_t from = page.applied;
  std::size_t to = std::min(page.changes.size(), from + options_.apply_slice);
  bool last = to == page.changes.size();
  std::int64_t cursor = page.next;
  if (!last) {
    const Json& c = page.changes[to - 1];
    if (!c.is_object() || !c.contains("seq") || !c["seq"].is_number_integer()) {
      finish("failed",
             "pulled changes not applied: changes[" + std::to_string(to - 1) + "] has no seq");
      return false;
    }
    cursor = c["seq"].get<std::int64_t>();
  }
  bool programs_touched = false;
  Status s = common::in_transaction(store_.db(), [&]() -> Status {
    return apply_changes(page, from, to, cursor, &programs_touched);
  });
  if (!s) {
    finish("failed", "pulled changes not applied: " + (s.field().empty() ? "" : s.field() + ": ") +
                         s.message());
    return false;
  }
  page.applied = to;
  summary_.pulled += static_cast<std::int64_t>(to - from);
  if (last) {
    summary_.remaining = page.remaining;
    pages_.pop_front();
  }
  if (programs_touched && options_.programs_changed) {
    if (Status p = options_.programs_changed(); !p) {
      finish("failed", p.message());
      return false;
    }
  }
  finish_if_pulled_all();
  return true;
}

// Changes [from, to) of a page and the cursor, inside the caller's transaction.
Status SyncRun::apply_changes(PulledPage& page, std::size_t from, std::size_t to,
                              std::int64_t cursor, bool* programs_touched) {
  const Json& changes = page.changes;
  core::Instant now = options_.now();
  std::set<std::string> counted;  // coupon programs whose totals this slice set
  // A new register, or one whose entries are all acknowledged, has nothing to re-apply:
  // one count instead of a query per card.
  auto pending = store_.pending_entries();
  if (!pending) return pending.status();
  for (std::size_t i = from; i < to; ++i) {
    const Json& c = changes[i];
    std::string where = "changes[" + std::to_string(i) + "]";
    if (!c.is_object() || !c.contains("type") || !c["type"].is_string())
      return Status::invalid("has no type", where);
    std::string type = c["type"].get<std::string>();
    if (type == "program" || type == "program_deleted") {
      if (!c.contains("id") || !c["id"].is_string()) return Status::invalid("has no id", where);
      std::string id = c["id"].get<std::string>();
      *programs_touched = true;
      if (type == "program_deleted") {
        if (auto d = store_.delete_program(id); !d) return d.status();
      } else {
        if (!c.contains("document")) return Status::invalid("has no document", where);
        if (auto p = store_.put_program(id, c["document"], now); !p) return p.status();
      }
    } else if (type == "card") {
      if (i >= page.cards.size() || !page.cards[i]) {  // not read on the worker: read here
        if (!c.contains("state")) return Status::invalid("has no state", where);
        auto read = read_pulled_card(c["state"]);
        if (!read) return read.status().under(where + ".state");
        if (page.cards.size() < changes.size()) page.cards.resize(changes.size());
        page.cards[i] = std::move(*read);
      }
      core::CardState* card = &page.cards[i]->card;
      std::vector<Store::OwnEntry> own;
      if (*pending > 0) {
        auto found = store_.unacked_effects(card->number, options_.zone);
        if (!found) return found.status();
        own = std::move(*found);
      }
      for (const auto& e : own) {
        // An entry that cannot be applied over head office's state (head office refuses it
        // for the same reason) is left out of this card's view, never the whole page: one
        // entry must not stop every pull. It stays in the journal, pending.
        if (Status s = core::apply_effects(*card, e.effects, e.entry_id, e.day); !s)
          spdlog::warn("entry {} left out of card {} as pulled: {}", e.entry_id,
                       core::masked_card(card->number), s.message());
      }
      Status saved = own.empty() ? store_.save_card_as_sent(*card, page.cards[i]->text, now)
                                 : store_.save_card(*card, now);
      if (!saved) return saved;
    } else if (type == "counter") {
      if (!c.contains("program") || !c["program"].is_string() || !c.contains("uses") ||
          !c["uses"].is_number_integer())
        return Status::invalid("is not a counter", where);
      counted.insert(c["program"].get<std::string>());
      if (Status s = store_.set_coupon_total(c["program"].get<std::string>(),
                                             c["uses"].get<std::int64_t>());
          !s)
        return s;
    }
    // Unknown types come from a newer head office of the same protocol: skipped.
  }
  if (!counted.empty()) {
    // Head office's totals plus this register's uses it has not seen yet.
    auto own = store_.unacked_effects(std::nullopt, options_.zone);
    if (!own) return own.status();
    auto only_counted = [&counted](const std::vector<std::string>& programs) {
      std::vector<std::string> out;
      for (const auto& p : programs)
        if (counted.count(p)) out.push_back(p);
      return out;
    };
    for (const auto& e : *own) {
      if (Status s = store_.count_coupons(only_counted(e.effects.coupon_programs), 1); !s) return s;
      if (Status s = store_.count_coupons(only_counted(e.effects.coupon_programs_returned), -1); !s)
        return s;
    }
  }
  if (*programs_touched) {
    // A program head office sends must parse here too, or nothing of the slice is kept.
    auto docs = store_.program_documents();
    if (!docs) return docs.status();
    auto set = core::ProgramSet::build(*docs);
    if (!set)
      return Status::invalid("head office sent a program this register cannot use: " +
                             set.status().message());
  }
  return store_.set_meta("sync_cursor", std::to_string(cursor));
}

SyncSummary run_sync_blocking(Store& store, const OfficeEndpoint& endpoint, SyncOptions options,
                              const std::function<void(const SyncSummary&)>& progress) {
  SyncRun run(store, std::move(options));
  while (!run.done()) {
    if (auto request = run.next()) {
      run.take(office_call(endpoint, *request));
    } else if (!run.apply_slice()) {
      break;  // neither a call nor changes to apply: cannot happen, but never spin
    }
    if (progress) progress(run.summary());
  }
  return run.summary();
}

}  // namespace kopilka::daemon
