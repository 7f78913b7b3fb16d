// The enrolment upload of a sync run (docs/sync.md, "Enrolling a register that already
// holds data"): before its first push, a register that was just enrolled sends head office
// every card's profile in batches (and its programs, if the technician chose so), collects
// the conflicts head office answers, then drops its own programs, since head office's
// replace them (the uploaded ones come back with the pull, which starts over from the
// first change), and removes the marker.
// Entries are not part of it: they are pushed as usual right after.
#include <filesystem>

#include "register/enrol_upload.h"
#include "register/sync_run.h"

namespace kopilka::daemon {

using core::Json;
using core::Status;

namespace {
constexpr std::size_t kUploadBatch = 500;
}  // namespace

std::optional<OfficeRequest> SyncRun::next_upload() {
  if (!upload_started_) {
    auto ids = local_program_ids(store_);
    if (!ids) {
      finish("failed", ids.status().message());
      return std::nullopt;
    }
    summary_.enrolment = {{"cards", 0},
                          {"created", 0},
                          {"updated", 0},
                          {"conflicts", Json::array()},
                          {"programs", upload_programs_ ? "uploaded" : "replaced"},
                          {"local_programs", *ids},
                          {"programs_uploaded", Json::array()}};
  } else if (!upload_more_) {
    finish_upload();
    return std::nullopt;
  }
  auto cards = card_profiles(store_, upload_after_, kUploadBatch);
  if (!cards) {
    finish("failed", cards.status().message());
    return std::nullopt;
  }
  Json body = {{"cards", Json::array()}, {"programs", Json::array()}};
  if (!upload_started_ && upload_programs_) {
    auto docs = store_.program_documents();
    if (!docs) {
      finish("failed", docs.status().message());
      return std::nullopt;
    }
    for (auto& d : *docs) body["programs"].push_back(core::json_plain(d));
  }
  if (cards->empty() && upload_started_) {
    finish_upload();
    return std::nullopt;
  }
  upload_more_ = cards->size() == kUploadBatch;
  upload_last_sent_ = cards->empty() ? upload_after_ : (*cards).back()["number"].get<std::string>();
  for (auto& c : *cards) body["cards"].push_back(std::move(c));
  upload_started_ = true;
  return OfficeRequest{"POST", "/v1/sync/upload", body.dump()};
}

void SyncRun::take_upload(const OfficeAnswer& a) {
  const Json& b = a.body;
  if (!b.is_object() || !b.contains("conflicts") || !b["conflicts"].is_array())
    return finish("failed", "head office's upload answer has no \"conflicts\" list");
  // A malformed answer fails the run; it must never throw on the event loop.
  for (const char* count : {"cards", "created", "updated"})
    if (b.contains(count) && !b[count].is_number_integer())
      return finish("failed", std::string("head office's upload answer: \"") + count +
                                  "\" is not a whole number");
  for (const auto& c : b["conflicts"])
    if (!c.is_object())
      return finish("failed", "head office's upload answer: a conflict is not an object");
  Json& e = summary_.enrolment;
  e["cards"] = e["cards"].get<std::int64_t>() + b.value("cards", std::int64_t{0});
  e["created"] = e["created"].get<std::int64_t>() + b.value("created", std::int64_t{0});
  e["updated"] = e["updated"].get<std::int64_t>() + b.value("updated", std::int64_t{0});
  for (const auto& c : b["conflicts"]) e["conflicts"].push_back(c);
  if (b.contains("programs_uploaded") && b["programs_uploaded"].is_array())
    for (const auto& id : b["programs_uploaded"])
      if (id.is_string()) e["programs_uploaded"].push_back(id);
  upload_after_ = upload_last_sent_;
}

// Head office rules the programs from now on: the register's own go (those uploaded come
// back with the pull that follows), then the marker, so a crash in between only uploads
// the same profiles once more.
void SyncRun::finish_upload() {
  Status s = common::in_transaction(store_.db(), [&]() -> Status {
    auto ids = local_program_ids(store_);
    if (!ids) return ids.status();
    for (const auto& id : *ids)
      if (auto d = store_.delete_program(id); !d) return d.status();
    // Everything is pulled afresh: a register enrolled again keeps an old cursor, after
    // which head office would not send the programs just dropped.
    if (Status c = store_.set_meta("sync_cursor", "0"); !c) return c;
    return store_.set_meta("sync_snapshot", "");
  });
  if (!s) return finish("failed", "local programs not replaced: " + s.message());
  cursor_ = 0;
  snapshot_ = 0;
  snapshot_card_.clear();
  if (options_.programs_changed) {
    if (Status p = options_.programs_changed(); !p) return finish("failed", p.message());
  }
  std::error_code ec;
  std::filesystem::remove(enrol_marker_path(data_dir_of(store_)), ec);
  if (ec)
    return finish("failed",
                  "cannot remove " + enrol_marker_path(data_dir_of(store_)) + ": " + ec.message());
  phase_ = Phase::kPush;
}

}  // namespace kopilka::daemon
