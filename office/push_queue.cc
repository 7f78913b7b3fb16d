// The group commit itself: bodies read on one thread, one group at a time applied on
// another, answers handed back to the loop; a failed transaction answers every register of
// the group with the same error, and each retries its own batch.
#include "office/push_queue.h"

#include <spdlog/spdlog.h>

#include <iterator>
#include <memory>

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include "core/log_text.h"

namespace kopilka::office {

common::HttpResponse push_response(const std::string& register_id, const PushResult& result) {
  core::Json refused = core::Json::array();
  for (const auto& r : result.refused) {
    spdlog::info("register {}: entry {} refused: {} ({})", register_id, r.id,
                 core::log_text(r.why.message(), 2 * core::kLogTextMax), r.why.field());
    refused.push_back({{"id", r.id},
                       {"error", "entry_refused"},
                       {"message", r.why.message()},
                       {"field", r.why.field()}});
  }
  return {200, core::Json{{"acked", result.acked},
                          {"applied", result.applied},
                          {"refused", std::move(refused)}}};
}

void PushQueue::add(std::string register_id, RegisterReport report,
                    std::function<PushReading()> read, common::Respond respond) {
  // In order of arrival: one register's batches join groups in the order it sent them.
  reader_.post([this, register_id = std::move(register_id), report = std::move(report),
                read = std::move(read), respond = std::move(respond),
                guard = asio::make_work_guard(io_)]() mutable {
    auto reading = std::make_shared<PushReading>(read());
    asio::post(io_, [this, register_id = std::move(register_id), report = std::move(report),
                     reading, respond = std::move(respond)]() mutable {
      if (auto* refused = std::get_if<common::HttpResponse>(reading.get())) {
        // A refused push is a sync call too (`last_contact`, docs/office.md), noted between groups.
        thread_.post([this, contact = Contact{std::move(register_id), std::move(report)},
                      guard = asio::make_work_guard(io_)] { record_contacts({contact}); });
        return respond(std::move(*refused));
      }
      add(std::move(register_id), std::move(std::get<std::vector<PushEntry>>(*reading)),
          std::move(respond), std::move(report));
    });
  });
}

void PushQueue::add(std::string register_id, std::vector<PushEntry> entries,
                    common::Respond respond, std::optional<RegisterReport> report) {
  PendingPush p;
  p.register_id = std::move(register_id);
  p.entries = std::move(entries);
  p.carries_all = push_carries_all(report ? report->pending : std::nullopt, p.entries.size());
  if (report) p.address = report->address;
  waiting_.push_back(std::move(p));
  answers_.push_back(std::move(respond));
  reports_.push_back(std::move(report));
  if (applying_ || start_posted_) return;
  // On the next turn of the loop, after the other requests that are ready: they may be
  // pushes for the same group.
  start_posted_ = true;
  asio::post(io_, [this] { start_group(); });
}

void PushQueue::start_group() {
  start_posted_ = false;
  if (applying_ || waiting_.empty()) return;
  // Whole batches, oldest first, up to kGroupEntries entries; the others stay waiting.
  std::size_t take = 0, entries = 0;
  while (take < waiting_.size() &&
         (take == 0 || entries + waiting_[take].entries.size() <= kGroupEntries)) {
    entries += waiting_[take].entries.size();
    ++take;
  }
  const auto cut = static_cast<std::ptrdiff_t>(take);
  std::vector<PendingPush> group(std::make_move_iterator(waiting_.begin()),
                                 std::make_move_iterator(waiting_.begin() + cut));
  std::vector<common::Respond> answers(std::make_move_iterator(answers_.begin()),
                                       std::make_move_iterator(answers_.begin() + cut));
  std::vector<std::optional<RegisterReport>> reports(
      std::make_move_iterator(reports_.begin()), std::make_move_iterator(reports_.begin() + cut));
  waiting_.erase(waiting_.begin(), waiting_.begin() + cut);
  answers_.erase(answers_.begin(), answers_.begin() + cut);
  reports_.erase(reports_.begin(), reports_.begin() + cut);
  applying_ = true;
  // The guard keeps io.run() from returning while the group is away from the loop.
  thread_.post([this, group = std::move(group), answers = std::move(answers),
                reports = std::move(reports), guard = asio::make_work_guard(io_)]() mutable {
    core::Status s = writer_->apply_pushes(group, now_());
    std::vector<Contact> contacts;
    for (std::size_t i = 0; i < group.size(); ++i)
      if (reports[i]) contacts.push_back({group[i].register_id, std::move(*reports[i])});
    record_contacts(contacts);
    asio::post(io_, [this, s, group = std::move(group), answers = std::move(answers)]() mutable {
      finish_group(s, std::move(group), std::move(answers));
    });
  });
}

// On the queue's thread, after the group: the loop's connection would wait for the group's
// commit to write them. A failure to note a contact never refuses the push.
void PushQueue::record_contacts(const std::vector<Contact>& contacts) {
  if (contacts.empty()) return;
  const core::Instant now = now_();
  core::Status s = writer_->sql().transaction([&]() -> core::Status {
    for (const auto& [register_id, report] : contacts)
      if (core::Status c =
              record_contact(writer_->sql(), register_id, report, SyncCall::kPush, now);
          !c)
        return c;
    return core::Status::ok();
  });
  if (!s)
    spdlog::warn("sync: could not note the contact of {} pushes: {}", contacts.size(), s.message());
}

void PushQueue::finish_group(core::Status applied, std::vector<PendingPush> group,
                             std::vector<common::Respond> answers) {
  applying_ = false;
  ++groups_;
  start_group();  // what waited meanwhile goes to the thread before the answers are written
  if (!applied) {
    spdlog::error("push of {} batches not applied: {}", group.size(), applied.message());
    for (auto& respond : answers) respond(common::status_response(applied));
    return;
  }
  if (group.size() > 1) spdlog::debug("group commit of {} batches", group.size());
  for (std::size_t i = 0; i < group.size(); ++i)
    answers[i](push_response(group[i].register_id, group[i].result));
}

}  // namespace kopilka::office
