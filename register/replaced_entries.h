// A register's unacknowledged entries for a card head office has replaced (a lost card,
// core/card_replacement.h). Head office applies them to the replacement, so the register's
// view puts them there too while they wait for their acknowledgement: over the replacement
// as pulled, never over the lost card (which would show a debt head office never has, and
// leave the replacement's points to be spent twice). Used within one slice of a pull.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "register/store.h"

namespace kopilka::daemon {

class ReplacedEntries {
 public:
  ReplacedEntries(Store& store, core::Zone zone) : store_(store), zone_(zone) {}

  // The unacknowledged entries of other cards that now belong to card `number`, as the
  // store's card states say.
  core::Result<std::vector<Store::OwnEntry>> into(const std::string& number);

  // `lost`, as pulled, is lost and replaced, and `own` are its unacknowledged entries: they
  // go to its replacement from now on, applied at once to the replacement as stored (it may
  // have been pulled before the lost card). Leaves `own` empty.
  core::Status moved(const core::CardState& lost, std::vector<Store::OwnEntry>& own,
                     core::Instant now);

 private:
  core::Status read();
  core::Result<std::string> holder(const std::string& number);

  Store& store_;
  core::Zone zone_;
  bool read_ = false;
  std::map<std::string, std::vector<Store::OwnEntry>> into_;  // replacement → entries
};

}  // namespace kopilka::daemon
