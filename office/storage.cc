// What storage.h offers beside the engines: one batch's push, and choosing the engine.
#include "office/storage.h"

#include <algorithm>

#include "office/pg_store.h"
#include "office/sqlite_store.h"

namespace kopilka::office {

core::CardState admin_edited(std::optional<core::CardState> stored, const core::CardState& edited) {
  // A card's type is set when it is created (programs.md "wallet", gift cards).
  if (!stored) {
    stored.emplace();
    stored->type = edited.type;
  }
  core::CardState card = std::move(*stored);
  card.number = edited.number;
  card.status = edited.status;
  card.groups = edited.groups;
  card.customer = edited.customer;
  // Who referred the card changes only while the stored card has had no purchase: one
  // applied since the edit read the card wins (programs.md "referral").
  if (edited.referral != card.referral && card.purchases == 0 &&
      !(card.referral && card.referral->closed))
    card.referral = edited.referral;
  return card;
}

Status check_rewritten(const std::vector<std::string>& numbers,
                       const std::vector<core::CardState>& states) {
  for (std::size_t i = 0; i < states.size(); ++i) {
    const std::string& n = states[i].number;
    if (std::find(numbers.begin(), numbers.end(), n) == numbers.end())
      return Status::internal("a rewrite wrote card " + n + ", which it did not lock");
    for (std::size_t j = 0; j < i; ++j)
      if (states[j].number == n) return Status::internal("a rewrite wrote card " + n + " twice");
  }
  return Status::ok();
}

Result<PushResult> push(Storage& storage, const std::string& register_id, const core::Json& entries,
                        core::Instant now) {
  auto batch = parse_push(register_id, entries);
  if (!batch) return batch.status();
  std::vector<PendingPush> one(1);
  one[0].register_id = register_id;
  one[0].entries = std::move(*batch);
  if (Status s = storage.apply_pushes(one, now); !s) return s;
  return std::move(one[0].result);
}

Result<std::unique_ptr<Storage>> open_storage(const StorageUrl& url, const std::string& data_dir,
                                              const core::Settings& settings, Opening opening) {
  if (url.engine == StorageUrl::Engine::kPostgres) {
    auto pg = PgStore::open(url.postgres, settings);
    if (!pg) return pg.status();
    return std::unique_ptr<Storage>(std::move(*pg));
  }
  auto sqlite = SqliteStore::open(data_dir, settings, url.sqlite_path, opening);
  if (!sqlite) return sqlite.status();
  return std::unique_ptr<Storage>(std::move(*sqlite));
}

}  // namespace kopilka::office
