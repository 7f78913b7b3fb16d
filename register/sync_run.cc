// A sync run's course: which call comes next (upload, push batches, pull pages), where
// each answer goes, and the whole run inline for the CLI. What the answers mean is in
// sync_push.cc and sync_pull.cc; the enrolment upload in sync_enrol.cc.
#include "register/sync_run.h"

#include <spdlog/spdlog.h>

#include "register/enrol_upload.h"
#include "register/office_caller.h"

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
  if (summary_.result == "ok") (void)store_.clear_office_refusal();
  auto pending = store_.pending_entries();
  if (pending) summary_.pending = *pending;
  phase_ = Phase::kDone;
}

OfficeRequest SyncRun::with_report(OfficeRequest request) {
  request.headers.emplace_back("Kopilka-Register-Version", kRegisterVersion);
  if (auto pending = store_.pending_entries())
    request.headers.emplace_back("Kopilka-Pending", std::to_string(*pending));
  if (options_.now) request.headers.emplace_back("Kopilka-Clock", std::to_string(options_.now()));
  if (options_.sync_interval_s > 0)
    request.headers.emplace_back("Kopilka-Sync-Interval", std::to_string(options_.sync_interval_s));
  return request;
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
    // A refused entry set aside asks for every card afresh (Store::set_aside_refused).
    auto afresh = store_.meta("pull_afresh");
    if (afresh && *afresh == "1") {
      Status s = common::in_transaction(store_.db(), [&]() -> Status {
        for (const char* key : {"sync_snapshot", "sync_snapshot_card", "pull_afresh"})
          if (Status m = store_.set_meta(key, ""); !m) return m;
        return store_.set_meta("sync_cursor", "0");
      });
      if (!s) {
        finish("failed", s.message());
        return std::nullopt;
      }
    }
    auto cursor = store_.meta("sync_cursor");
    if (!cursor) {
      finish("failed", cursor.status().message());
      return std::nullopt;
    }
    cursor_ = whole_number(*cursor).value_or(0);
    auto epoch = store_.meta("office_epoch");
    if (!epoch) {
      finish("failed", epoch.status().message());
      return std::nullopt;
    }
    known_epoch_ = *epoch;
    auto held = store_.chain_settings_text();
    if (!held) {
      finish("failed", held.status().message());
      return std::nullopt;
    }
    held_settings_ = std::move(*held);
    if (cursor_ == 0) {
      // A first sync pulls a snapshot, resumed where it stopped if one was under way.
      auto upto = store_.meta("sync_snapshot");
      auto card = store_.meta("sync_snapshot_card");
      if (!upto || !card) {
        finish("failed", (upto ? card : upto).status().message());
        return std::nullopt;
      }
      snapshot_ = whole_number(*upto).value_or(0);
      snapshot_card_ = *snapshot_ == 0 ? "" : *card;
    }
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
    auto batch = store_.unacked_entries(sent_after_, push_up_to_, options_.push_batch,
                                        options_.push_bytes, options_.zone);
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
      return with_report(OfficeRequest{"POST", "/v1/sync/push", body.dump()});
    }
    phase_ = Phase::kPull;
  }
  // One page is fetched while the one before it is applied; no more are held.
  if (phase_ == Phase::kPull && more_to_pull_ && pages_.size() < 2) {
    in_flight_call_ = true;
    std::string target = "/v1/sync/pull?after=" + std::to_string(cursor_) +
                         "&limit=" + std::to_string(options_.pull_page) + "&format=2" +
                         (pull_left_ ? "" : "&count=1");
    if (snapshot_) {
      target += "&snapshot=" + std::to_string(*snapshot_);
      if (!snapshot_card_.empty()) target += "&card_after=" + snapshot_card_;
    }
    return with_report(OfficeRequest{"GET", target, ""});
  }
  return std::nullopt;
}

void SyncRun::take(core::Result<OfficeAnswer> answer, PulledCards cards) {
  in_flight_call_ = false;
  if (phase_ == Phase::kDone) return;
  if (!answer) return finish("offline", answer.status().message());
  OfficeAnswer& a = *answer;
  if (a.status == 401) {
    // Revoked at head office (or never known there): remembered so that health and
    // `kopilka sync status` say so; receipts go on being journalled and stay pending.
    std::string why = office_error_text(a);
    if (Status s = store_.record_office_refusal(options_.credential, why,
                                                options_.now ? options_.now() : 0);
        !s)
      why += " (" + s.message() + ")";
    return finish("failed", "head office refused this register's credential (" + why +
                                "): enrol it again with a new code (kopilka enroll)");
  }
  if (a.status == 426)
    return finish("failed", "head office speaks another sync protocol: " + office_error_text(a) +
                                " — update kopilka");
  if (a.status >= 500 || a.status == 0) return finish("offline", office_error_text(a));
  if (office_history_changed(a)) return;
  if (phase_ == Phase::kPush && a.status == 400 && refuse_named_entry(a)) return;
  if (a.status != 200) return finish("failed", office_error_text(a));
  if (phase_ == Phase::kUpload) return take_upload(a);
  if (phase_ == Phase::kPush) return take_push(a);
  take_pull(a, std::move(cards));
}

bool SyncRun::office_history_changed(const OfficeAnswer& a) {
  if (a.epoch.empty() || a.epoch == known_epoch_) return false;
  if (known_epoch_.empty() || phase_ == Phase::kUpload) {
    // The first answer that says, or the head office this register is enrolling with: the
    // history to keep to from now on.
    Status s = common::in_transaction(store_.db(),
                                      [&] { return store_.set_meta("office_epoch", a.epoch); });
    if (!s) {
      finish("failed", s.message());
      return true;
    }
    known_epoch_ = a.epoch;
    return false;
  }
  // Pages held, or a second change in one run (head office processes behind a balancer
  // that disagree: one not restarted after `kopilka-office restored`): the run ends, and
  // the next one starts over, so a run never goes back and forth for ever.
  if (!pages_.empty() || started_over_) {
    finish("failed",
           "head office's database changed during this sync (restored from a backup? every "
           "head office process must be restarted after it): the next sync starts over");
    return true;
  }
  auto resent = store_.start_over_with_office(a.epoch);
  if (!resent) {
    finish("failed", resent.status().message());
    return true;
  }
  spdlog::warn(
      "head office's database is not the one this register synced with (restored from a "
      "backup): sending its {} acknowledged journal entries again and pulling everything "
      "afresh; head office applies each entry once",
      *resent);
  started_over_ = true;
  phase_ = Phase::kStart;
  sent_after_ = 0;
  in_flight_.clear();
  pull_left_.reset();
  more_to_pull_ = true;
  return true;
}

SyncSummary run_sync_blocking(Store& store, const OfficeEndpoint& endpoint, SyncOptions options,
                              const std::function<void(const SyncSummary&)>& progress) {
  CurlOfficeCaller office;
  return run_sync_blocking(store, office, endpoint, std::move(options), progress);
}

SyncSummary run_sync_blocking(Store& store, OfficeCaller& office, const OfficeEndpoint& endpoint,
                              SyncOptions options,
                              const std::function<void(const SyncSummary&)>& progress) {
  SyncRun run(store, std::move(options));
  while (!run.done()) {
    if (auto request = run.next()) {
      run.take(office.call(endpoint, *request, nullptr));
    } else if (!run.apply_slice()) {
      break;  // neither a call nor changes to apply: cannot happen, but never spin
    }
    if (progress) progress(run.summary());
  }
  return run.summary();
}

}  // namespace kopilka::daemon
