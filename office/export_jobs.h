// Export jobs (docs/office.md "Export jobs"): a CSV export of office/export.h run on a
// thread of its own over its own database connection (SQLite's WAL lets it read beside the
// server; PostgreSQL gives it a session of its own), so head office keeps answering pushes
// and pages while 100 000 rows are read. The web admin starts one, asks for its progress and
// fetches the finished file. Jobs live in memory: a restart forgets them (the export is
// simply asked for again).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/export.h"
#include "office/sql.h"

namespace kopilka::office {

// At most this many exports run at once; another is refused until one ends.
inline constexpr std::size_t kExportJobsRunning = 2;
// Finished jobs (and their files) kept for their owners; the oldest goes first.
inline constexpr std::size_t kExportJobsKept = 8;

struct ExportJobView {
  std::string id, owner, file;
  std::string state = "running";  // "running", "done", "failed"
  std::int64_t done = 0;          // rows written so far
  std::int64_t total = 0;         // rows the export will write at most (0 until counted)
  bool truncated = false;         // done: the row cap was reached and rows were left
  std::string error;              // failed: why
  core::Instant started_at = 0;
};

class ExportJobs {
 public:
  using OpenSql = std::function<core::Result<std::unique_ptr<Sql>>()>;
  ExportJobs(OpenSql open, std::function<core::Instant()> now);
  ~ExportJobs();  // stops the running jobs and waits for their threads
  ExportJobs(const ExportJobs&) = delete;
  ExportJobs& operator=(const ExportJobs&) = delete;

  // Starts `file`'s export for `owner`; unavailable when kExportJobsRunning already run.
  core::Result<ExportJobView> start(const std::string& owner, const std::string& file,
                                    const ExportOptions& options);
  // The job `id` as its owner sees it; nullopt when there is none of theirs.
  std::optional<ExportJobView> view(const std::string& id, const std::string& owner);
  // The finished file; null while the job runs or when it failed.
  std::shared_ptr<const std::string> file(const std::string& id, const std::string& owner);
  // Every file made or being made is no longer given (its job fails saying `why`): a
  // customer's data was erased, and a file made before may hold it.
  void withdraw(const std::string& why);

 private:
  struct Job;
  void run(const std::shared_ptr<Job>& job, ExportOptions options);

  OpenSql open_;
  std::function<core::Instant()> now_;
  std::mutex m_;  // guards jobs_ and every job's fields but `stop`
  std::vector<std::shared_ptr<Job>> jobs_;
};

}  // namespace kopilka::office
