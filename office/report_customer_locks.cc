// Customer records' lists of report rows locked for a group's transaction on PostgreSQL
// (report_customer_locks.h): transaction-scoped advisory locks, in the two-key form apart
// from the cards' one-key locks, taken after the cards' and in ascending keys.
#include "office/report_customer_locks.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "office/lock_keys.h"
#include "office/sql_chunks.h"

namespace kopilka::office {

using core::Status;

namespace {

constexpr std::int32_t kListLockClass = 20261201;

}  // namespace

Status lock_customer_lists(Sql& sql, const std::vector<std::string_view>& customers,
                           CardRowLists* group) {
  if (!sql.is_postgresql()) return Status::ok();
  std::vector<std::int32_t> keys;
  for (const std::string_view c : customers)
    if (!card_own_customer(c)) keys.push_back(lock_key32(c));
  if (keys.empty()) return Status::ok();
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::string array = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) array += (i ? "," : "") + std::to_string(keys[i]);
  array += "}";
  auto locked = sql.run("SELECT pg_advisory_xact_lock(" + std::to_string(kListLockClass) +
                            ", k) FROM unnest($1::int[]) WITH ORDINALITY AS t(k, i) ORDER BY i",
                        {SqlParam(std::move(array))});
  if (!locked) return locked.status();
  if (!group) return Status::ok();
  // The group read its cards' rows before it waited: a list on one of them may have been
  // written since by the process that held the lock.
  std::vector<std::string_view> numbers;
  for (const auto& [number, list] : group->cards)
    if (list) numbers.push_back(number);
  Status bad = Status::ok();
  if (Status read = read_in_chunks(
          sql, "SELECT number, coalesce(report_rows, '') FROM cards WHERE number IN (", numbers,
          [&](const SqlCursor& r) {
            const auto it = group->cards.find(std::string(r.text(0)));
            if (it == group->cards.end())
              bad = Status::corrupt("the report rows read a card they did not ask for");
            else
              it->second = std::string(r.text(1));
          });
      !read)
    return read;
  return bad;
}

}  // namespace kopilka::office
