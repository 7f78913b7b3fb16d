// `user add|list|disable`: staff accounts from the shell (commands.h). Filled in with staff
// accounts (office/staff.h).
#include "office/commands.h"

namespace kopilka::office {

void add_user_commands(Commands&) {}

}  // namespace kopilka::office
