// Group commit of registers' pushes (docs/sync.md, "the shift-close storm"): a validated
// batch waits here until the event loop has read every request that is ready, then all
// waiting batches are applied in one transaction (one fsync) and each register hears its
// own answer. Nothing waits on a timer: a lone push is committed at the next turn of the
// loop. A group holds whole batches up to kGroupEntries entries (at least one batch); the
// rest wait for the next turn, so requests that arrived meanwhile (a /v1/health, a pull)
// are answered between two commits instead of after the whole storm.
// Single-threaded: used from the server's loop only.
#pragma once

#include <asio/io_context.hpp>

#include <functional>
#include <vector>

#include "common/http_types.h"
#include "office/storage.h"

namespace kopilka::office {

// The push answer (docs/sync.md "Push"): 200 {"acked", "applied", "refused"}, where
// `refused` names each entry head office will not apply, with why. Refusals are logged.
common::HttpResponse push_response(const std::string& register_id, const PushResult& result);

// Entries a group commit takes before it leaves the rest to the next turn of the loop: at
// the storm's 150-250 µs an entry, under 0.15 s of work (docs/benchmarks.md).
inline constexpr std::size_t kGroupEntries = 500;

class PushQueue {
 public:
  PushQueue(asio::io_context& io, Storage& store, std::function<core::Instant()> now)
      : io_(io), store_(store), now_(std::move(now)) {}

  void add(std::string register_id, std::vector<PushEntry> entries, common::Respond respond);

  std::size_t groups() const { return groups_; }  // commits so far, for the log

 private:
  void flush();

  asio::io_context& io_;
  Storage& store_;
  std::function<core::Instant()> now_;
  std::vector<PendingPush> waiting_;
  std::vector<common::Respond> answers_;
  bool flush_posted_ = false;
  std::size_t groups_ = 0;
};

}  // namespace kopilka::office
