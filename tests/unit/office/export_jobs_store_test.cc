// Export jobs (office/export_jobs.h) on both engines: a job's file is export_csv's, its
// progress ends at done = total, only its owner sees it, and a third job waits its turn
// while two run.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "office/export_jobs.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

namespace {

// The store's own seam lent to a job (the test's store outlives the jobs), one statement
// at a time: a connection is not shared between threads at once.
class Lent final : public office::Sql {
 public:
  Lent(office::Sql& s, std::mutex& m) : s_(s), m_(m) {}
  core::Result<std::vector<office::SqlRow>> query(const std::string& q,
                                                  const office::SqlParams& p) override {
    std::lock_guard lock(m_);
    return s_.query(q, p);
  }
  core::Result<std::int64_t> run(const std::string& q, const office::SqlParams& p) override {
    std::lock_guard lock(m_);
    return s_.run(q, p);
  }
  core::Status transaction(const std::function<core::Status()>& body) override {
    return s_.transaction(body);
  }
  bool is_postgresql() const override { return s_.is_postgresql(); }

 private:
  office::Sql& s_;
  std::mutex& m_;
};

// Holds every job at its start (opening its connection) until released.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  void release() {
    std::lock_guard lock(m);
    open = true;
    cv.notify_all();
  }
  void pass() {
    std::unique_lock lock(m);
    cv.wait(lock, [this] { return open; });
  }
};

office::ExportJobView wait_done(office::ExportJobs& jobs, const std::string& id) {
  for (int i = 0; i < 1000; ++i) {
    auto v = jobs.view(id, "olga");
    REQUIRE(v);
    if (v->state != "running") return *v;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL("the job did not end");
  return {};
}

}  // namespace

TEST_CASE("an export job makes export_csv's file, for its owner only, two at a time") {
  TempStore t;
  for (int i = 0; i < 25; ++i) {
    core::CardState c;
    c.number = "20000000000" + std::to_string(10 + i);
    REQUIRE(t.store->put_card(c).ok());
  }
  office::ExportOptions o;
  o.kind = office::ExportKind::kCards;
  o.zone = t.settings.zone;
  o.page = 10;
  o.max_rows = 20;
  std::string expected;
  auto direct = office::export_csv(t.store->sql(), o, [&](const std::string& chunk) {
    expected += chunk;
    return core::Status::ok();
  });
  REQUIRE(direct.ok());

  Gate gate;
  std::mutex one_statement;
  {
    office::ExportJobs jobs(
        [&]() -> core::Result<std::unique_ptr<office::Sql>> {
          gate.pass();
          return std::unique_ptr<office::Sql>(new Lent(t.store->sql(), one_statement));
        },
        [] { return core::Instant{1795000000}; });
    auto a = jobs.start("olga", "cards.csv", o);
    auto b = jobs.start("olga", "cards.csv", o);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->state == "running");
    CHECK(a->id != b->id);
    auto c = jobs.start("olga", "cards.csv", o);
    CHECK(c.status().code() == core::Code::kUnavailable);
    CHECK_FALSE(jobs.view(a->id, "ivan"));
    CHECK(jobs.file(a->id, "olga") == nullptr);
    gate.release();
    auto done = wait_done(jobs, a->id);
    CHECK(done.state == "done");
    CHECK(done.done == 20);
    CHECK(done.total == 20);
    CHECK(done.truncated);
    auto file = jobs.file(a->id, "olga");
    REQUIRE(file);
    CHECK(*file == expected);
    CHECK(jobs.file(a->id, "ivan") == nullptr);
    wait_done(jobs, b->id);
    CHECK(jobs.start("olga", "cards.csv", o).ok());
  }  // the destructor waits for the last one
}
