// Unsubscribe tokens and records (unsubscribe.h).
#include "office/unsubscribe.h"

#include "common/secrets.h"

namespace kopilka::office {

namespace {

core::Result<std::string> link_key(Sql& sql) {
  auto made = sql.run(
      "INSERT INTO notify_state (name, value) VALUES ('unsubscribe_key', $1) "
      "ON CONFLICT (name) DO NOTHING",
      {common::random_hex(32)});
  if (!made) return made.status();
  auto rows = sql.query("SELECT value FROM notify_state WHERE name = 'unsubscribe_key'");
  if (!rows) return rows.status();
  if (rows->empty()) return core::Status::internal("the unsubscribe key is missing");
  return rows->front().text(0);
}

}  // namespace

core::Result<std::string> unsubscribe_token(Sql& sql, const std::string& customer_id,
                                            const std::string& channel) {
  auto key = link_key(sql);
  if (!key) return key.status();
  return common::hmac_sha256_hex(*key, customer_id + "\n" + channel).substr(0, 32);
}

core::Status check_unsubscribe_link(Sql& sql, const std::string& customer_id,
                                    const std::string& channel, const std::string& token) {
  if (channel != "email" && channel != "sms")
    return core::Status::invalid("the channel must be email or sms", "channel");
  auto expected = unsubscribe_token(sql, customer_id, channel);
  if (!expected) return expected.status();
  if (!common::equal_constant_time(*expected, token))
    return core::Status::invalid("this unsubscribe link is not valid", "token");
  return core::Status::ok();
}

core::Status unsubscribe(Sql& sql, const std::string& customer_id, const std::string& channel,
                         const std::string& token, core::Instant now) {
  if (core::Status s = check_unsubscribe_link(sql, customer_id, channel, token); !s) return s;
  auto r = sql.run(
      "INSERT INTO unsubscribed (customer_id, channel, at) VALUES ($1, $2, CAST($3 AS BIGINT)) "
      "ON CONFLICT (customer_id, channel) DO NOTHING",
      {customer_id, channel, sql_int(now)});
  return r ? core::Status::ok() : r.status();
}

}  // namespace kopilka::office
