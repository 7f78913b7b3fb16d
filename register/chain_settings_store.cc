// The chain settings head office sent, in the register store (schema/register
// 004_chain_settings.sql); see register/chain_settings.h for how they are used.
#include "register/chain_settings.h"
#include "register/store.h"

namespace kopilka::daemon {

Result<Json> Store::chain_settings() {
  auto text = chain_settings_text();
  if (!text) return text.status();
  Json settings;
  if (!text->empty()) {
    auto parsed = core::parse_stored(*text, "the chain settings");
    if (!parsed) return parsed.status();
    settings = std::move(*parsed);
  }
  auto zone = meta(std::string(kStoreTimezoneKey));
  if (!zone) return zone.status();
  return with_store_timezone(std::move(settings), *zone);
}

Result<std::string> Store::chain_settings_text() {
  auto st = db_->prepare("SELECT document FROM chain_settings WHERE id = 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  std::string text = *row ? st->text(0) : std::string();
  st->reset();
  return text;
}

Status Store::put_chain_settings(const Json& settings, std::int64_t seq, core::Instant now) {
  auto st = db_->prepare(
      "INSERT INTO chain_settings(id, document, seq, received) VALUES (1, ?1, ?2, ?3) "
      "ON CONFLICT(id) DO UPDATE SET document = ?1, seq = ?2, received = ?3");
  if (!st) return st.status();
  return st->bind(1, settings.dump()).bind(2, seq).bind(3, now).run();
}

}  // namespace kopilka::daemon
