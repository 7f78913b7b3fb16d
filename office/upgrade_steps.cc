// One-time data steps of an upgrade (office/upgrade_steps.h).
#include "office/upgrade_steps.h"

#include <spdlog/spdlog.h>

#include <functional>
#include <string>

#include "core/card_state_json.h"
#include "core/json_exact.h"
#include "office/customers.h"

namespace kopilka::office {
namespace {

using core::Result;
using core::Status;

constexpr int kPage = 500;

// Cards stored before the customers index (schema 005) carry their customer in the card
// document only: support's search would not find them. Each card with a customer and no
// link gets indexed as a write of that card would have done.
Result<std::int64_t> index_old_customers(Sql& sql, core::Instant now) {
  std::int64_t indexed = 0;
  std::string after;
  for (;;) {
    auto rows = sql.query(
        "SELECT number, state FROM cards WHERE number > $1 AND number NOT IN "
        "(SELECT number FROM customer_cards) ORDER BY number LIMIT CAST($2 AS INTEGER)",
        {after, sql_int(kPage)});
    if (!rows) return rows.status();
    if (rows->empty()) return indexed;
    Status page = sql.transaction([&]() -> Status {
      for (const SqlRow& row : *rows) {
        auto json = core::parse_json_exact(row.text(1));
        if (!json) return Status::invalid("card " + row.text(0) + ": " + json.status().message());
        auto card = core::card_state_from_json(*json);
        if (!card) return Status::invalid("card " + row.text(0) + ": " + card.status().message());
        if (!card->customer) continue;
        if (Status s = index_card_customer(sql, *card, now); !s) return s;
        ++indexed;
      }
      return Status::ok();
    });
    if (!page) return page;
    after = rows->back().text(0);
  }
}

struct Step {
  const char* name;
  std::function<Result<std::int64_t>(Sql&, core::Instant)> run;
};

}  // namespace

Status run_upgrade_steps(Sql& sql, core::Instant now) {
  const Step steps[] = {{"customer_index", index_old_customers}};
  for (const Step& step : steps) {
    auto done = query_int(sql, "SELECT count(*) FROM upgrade_steps WHERE name = $1", {step.name});
    if (!done) return done.status();
    if (done->value_or(0) > 0) continue;
    auto changed = step.run(sql, now);
    if (!changed)
      return Status::invalid(std::string("upgrade step ") + step.name + ": " +
                             changed.status().message());
    if (*changed > 0) spdlog::info("upgrade step {}: {} rows", step.name, *changed);
    // Several processes on one database may finish the same step at once.
    auto mark = sql.run(
        "INSERT INTO upgrade_steps(name, done_at) VALUES ($1, CAST($2 AS BIGINT)) "
        "ON CONFLICT (name) DO NOTHING",
        {step.name, sql_int(now)});
    if (!mark) return mark.status();
  }
  return Status::ok();
}

}  // namespace kopilka::office
