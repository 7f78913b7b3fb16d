// The group commit itself: post one flush per group; a failed transaction answers every
// register of the group with the same error, and each retries its own batch.
#include "office/push_queue.h"

#include <spdlog/spdlog.h>

#include <asio/post.hpp>

namespace kopilka::office {

common::HttpResponse push_response(const std::string& register_id, const PushResult& result) {
  core::Json refused = core::Json::array();
  for (const auto& r : result.refused) {
    spdlog::info("register {}: entry {} refused: {} ({})", register_id, r.id, r.why.message(),
                 r.why.field());
    refused.push_back({{"id", r.id},
                       {"error", "entry_refused"},
                       {"message", r.why.message()},
                       {"field", r.why.field()}});
  }
  return {200, core::Json{{"acked", result.acked},
                          {"applied", result.applied},
                          {"refused", std::move(refused)}}};
}

void PushQueue::add(std::string register_id, std::vector<PushEntry> entries,
                    common::Respond respond) {
  PendingPush p;
  p.register_id = std::move(register_id);
  p.entries = std::move(entries);
  waiting_.push_back(std::move(p));
  answers_.push_back(std::move(respond));
  if (flush_posted_) return;
  flush_posted_ = true;
  asio::post(io_, [this] { flush(); });
}

void PushQueue::flush() {
  flush_posted_ = false;
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
  waiting_.erase(waiting_.begin(), waiting_.begin() + cut);
  answers_.erase(answers_.begin(), answers_.begin() + cut);
  if (!waiting_.empty()) {  // after what is ready now, health checks and pulls included
    flush_posted_ = true;
    asio::post(io_, [this] { flush(); });
  }
  core::Status s = store_.apply_pushes(group, now_());
  ++groups_;
  if (!s) {
    spdlog::error("push of {} batches not applied: {}", group.size(), s.message());
    for (auto& respond : answers) respond(common::status_response(s));
    return;
  }
  if (group.size() > 1) spdlog::debug("group commit of {} batches", group.size());
  for (std::size_t i = 0; i < group.size(); ++i)
    answers[i](push_response(group[i].register_id, group[i].result));
}

}  // namespace kopilka::office
