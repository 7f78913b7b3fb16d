// Reading and renewing head office's epoch; see office_epoch.h.
#include "office/office_epoch.h"

#include "common/secrets.h"

namespace kopilka::office {

core::Result<std::string> office_epoch(Sql& sql) {
  auto rows = sql.query("SELECT epoch FROM office_epoch WHERE one = 1");
  if (!rows) return rows.status();
  if (rows->empty()) return core::Status::corrupt("the database has no epoch (office_epoch)");
  return rows->front().text(0);
}

std::string new_office_epoch() {
  return common::random_hex(16);
}

core::Result<std::string> renew_office_epoch(Sql& sql) {
  std::string epoch = new_office_epoch();
  auto changed = sql.run("UPDATE office_epoch SET epoch = $1 WHERE one = 1", {epoch});
  if (!changed) return changed.status();
  if (*changed != 1) return core::Status::corrupt("the database has no epoch (office_epoch)");
  return epoch;
}

}  // namespace kopilka::office
