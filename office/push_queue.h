// Group commit of registers' pushes (docs/sync.md, "the shift-close storm"): a push's body
// is read into its batch on one thread, then the batch waits while the group before it is
// applied; every batch waiting goes into the next group, applied in one transaction (one
// fsync) on a second thread, and each register hears its own answer. Nothing waits on a
// timer: a lone push is committed as soon as the thread is free. A group holds whole
// batches up to kGroupEntries entries (at least one batch); the rest wait for the next.
// Both threads work off the event loop, the second through a connection of its own to the
// database, so the loop goes on answering /v1/health, pulls and the web admin during the
// storm: for a push it only reads the request and checks the credential.
// add() and groups() are called from the server's loop only.
#pragma once

#include <asio/io_context.hpp>

#include <functional>
#include <memory>
#include <variant>
#include <vector>

#include "common/http_types.h"
#include "common/job_thread.h"
#include "office/fleet.h"
#include "office/storage.h"

namespace kopilka::office {

// The push answer (docs/sync.md "Push"): 200 {"acked", "applied", "refused"}, where
// `refused` names each entry head office will not apply, with why. Refusals are logged.
common::HttpResponse push_response(const std::string& register_id, const PushResult& result);

// Entries a group commit takes before it leaves the rest to the next group: at the storm's
// 150-250 µs an entry, under 0.15 s of work (docs/benchmarks.md), so a push's answer waits
// for at most about two groups.
inline constexpr std::size_t kGroupEntries = 500;

// A push's body read into its batch, or the answer refusing it.
using PushReading = std::variant<std::vector<PushEntry>, common::HttpResponse>;

class PushQueue {
 public:
  // `writer` is used on the queue's thread only: a second connection to the database the
  // server's loop uses (open_storage with Opening::kAnother).
  PushQueue(asio::io_context& io, std::unique_ptr<Storage> writer,
            std::function<core::Instant()> now)
      : io_(io), writer_(std::move(writer)), now_(std::move(now)) {}

  // A push whose credential was checked: `read` runs on the reading thread; a batch read
  // joins the next group, and the register's report (its headers) is recorded with it.
  void add(std::string register_id, RegisterReport report, std::function<PushReading()> read,
           common::Respond respond);
  // A batch read already.
  void add(std::string register_id, std::vector<PushEntry> entries, common::Respond respond,
           std::optional<RegisterReport> report = std::nullopt);

  std::size_t groups() const { return groups_; }  // commits so far, for the log

 private:
  void start_group();
  void finish_group(core::Status applied, std::vector<PendingPush> group,
                    std::vector<common::Respond> answers);
  // A push's register and what its headers reported, noted as the register's contact.
  struct Contact {
    std::string register_id;
    RegisterReport report;
  };
  void record_contacts(const std::vector<Contact>& contacts);

  asio::io_context& io_;
  std::unique_ptr<Storage> writer_;
  std::function<core::Instant()> now_;
  std::vector<PendingPush> waiting_;
  std::vector<common::Respond> answers_;
  std::vector<std::optional<RegisterReport>> reports_;
  bool start_posted_ = false;
  bool applying_ = false;  // a group is on the thread
  std::size_t groups_ = 0;
  // Last, so they are stopped first: a group being applied finishes before writer_ closes;
  // its answers are dropped with the loop, and each register sends its batch again.
  common::JobThread reader_;
  common::JobThread thread_;
};

}  // namespace kopilka::office
