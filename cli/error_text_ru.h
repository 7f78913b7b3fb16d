// Russian text for the English error messages of core, common, drivers and daemon, so a
// Russian technician reads errors in Russian while the API, logs and --json stay English.
#pragma once

#include <string>

#include "cli/cli_context.h"

namespace kopilka::cli {

// The Russian text of an English error message; the variable parts (numbers, names, keys,
// " (FILE, line N)", "did you mean X?") are carried over. A message that is not in the
// table comes back unchanged.
std::string error_text_ru(const std::string& message);

// The message as a technician working in lang should read it.
std::string error_text(Lang lang, const std::string& message);

}  // namespace kopilka::cli
