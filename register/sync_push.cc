// The push half of a sync run: what head office's acknowledgements mean, and the entries
// it refuses (recorded, reported, and a batch resent without the one entry it named).
#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>

#include "register/sync_run.h"

namespace kopilka::daemon {

using core::Json;
using core::Status;

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

}  // namespace kopilka::daemon
