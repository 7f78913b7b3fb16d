// ExportJobs (export_jobs.h): one thread and one connection per running export.
#include "office/export_jobs.h"

#include <algorithm>
#include <random>

namespace kopilka::office {

struct ExportJobs::Job {
  ExportJobView view;
  std::shared_ptr<const std::string> text;  // the finished file
  std::string withdrawn;                    // why its file may not be given, once it is made
  std::atomic<bool> stop{false};
  std::thread thread;
};

namespace {

// 16 random hex digits: a job's id is only ever shown to the one who started it.
std::string new_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const char* hex = "0123456789abcdef";
  std::string id = "x-";
  std::uint64_t v = rng();
  for (int i = 0; i < 16; ++i, v >>= 4) id += hex[v & 15];
  return id;
}

}  // namespace

ExportJobs::ExportJobs(OpenSql open, std::function<core::Instant()> now)
    : open_(std::move(open)), now_(std::move(now)) {}

ExportJobs::~ExportJobs() {
  std::vector<std::shared_ptr<Job>> jobs;
  {
    std::lock_guard lock(m_);
    jobs = jobs_;
  }
  for (auto& j : jobs) j->stop = true;
  for (auto& j : jobs)
    if (j->thread.joinable()) j->thread.join();
}

core::Result<ExportJobView> ExportJobs::start(const std::string& owner, const std::string& file,
                                              const ExportOptions& options) {
  auto job = std::make_shared<Job>();
  std::vector<std::shared_ptr<Job>> dropped;
  {
    std::lock_guard lock(m_);
    auto running = std::count_if(jobs_.begin(), jobs_.end(),
                                 [](const auto& j) { return j->view.state == "running"; });
    if (static_cast<std::size_t>(running) >= kExportJobsRunning)
      return core::Status::unavailable("other exports are running: try again when one ends");
    // Room for the new one: the oldest finished jobs go (they were started first).
    while (jobs_.size() >= kExportJobsKept + kExportJobsRunning - 1) {
      auto old = std::find_if(jobs_.begin(), jobs_.end(),
                              [](const auto& j) { return j->view.state != "running"; });
      if (old == jobs_.end()) break;
      dropped.push_back(*old);
      jobs_.erase(old);
    }
    job->view.id = new_id();
    job->view.owner = owner;
    job->view.file = file;
    job->view.started_at = now_();
    jobs_.push_back(job);
  }
  // A finished job's thread has returned already: joining it does not wait.
  for (auto& j : dropped)
    if (j->thread.joinable()) j->thread.join();
  ExportJobView started = job->view;
  job->thread = std::thread([this, job, options] { run(job, options); });
  return started;
}

void ExportJobs::run(const std::shared_ptr<Job>& job, ExportOptions options) {
  auto fail = [&](const std::string& why) {
    std::lock_guard lock(m_);
    job->view.state = "failed";
    job->view.error = why;
  };
  auto sql = open_();
  if (!sql) return fail(sql.status().message());
  auto text = std::make_shared<std::string>();
  auto result = export_csv(
      **sql, options,
      [&](const std::string& chunk) {
        if (job->stop) return core::Status::unavailable("head office is stopping");
        *text += chunk;
        return core::Status::ok();
      },
      [&](const ExportProgress& p) {
        std::lock_guard lock(m_);
        // Customers are fewer than the cards read for them: the count of cards is the most
        // the export can write, and so is the cap.
        job->view.total = options.max_rows > 0 ? std::min(p.total, options.max_rows) : p.total;
        job->view.done = std::min(p.rows, job->view.total);
      });
  if (!result) return fail(result.status().message());
  std::lock_guard lock(m_);
  if (!job->withdrawn.empty()) {
    job->view.state = "failed";
    job->view.error = job->withdrawn;
    return;
  }
  job->text = std::move(text);
  job->view.state = "done";
  job->view.done = result->rows;
  job->view.total = result->rows;
  job->view.truncated = result->truncated;
}

std::optional<ExportJobView> ExportJobs::view(const std::string& id, const std::string& owner) {
  std::lock_guard lock(m_);
  for (const auto& j : jobs_)
    if (j->view.id == id && j->view.owner == owner) return j->view;
  return std::nullopt;
}

std::shared_ptr<const std::string> ExportJobs::file(const std::string& id,
                                                    const std::string& owner) {
  std::lock_guard lock(m_);
  for (const auto& j : jobs_)
    if (j->view.id == id && j->view.owner == owner) return j->text;
  return nullptr;
}

void ExportJobs::withdraw(const std::string& why) {
  std::lock_guard lock(m_);
  for (auto& j : jobs_) {
    j->withdrawn = why;
    if (j->view.state == "done") {
      j->text.reset();
      j->view.state = "failed";
      j->view.error = why;
    }
  }
}

}  // namespace kopilka::office
