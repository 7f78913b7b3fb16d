// The --check-config verdict; see config_check.h.
#include "common/config_check.h"

#include <ostream>

namespace kopilka::common {

int report_config_check(std::string_view program, const std::string& path,
                        const core::Status& verdict, std::ostream& out, std::ostream& err,
                        const std::vector<std::string>& warnings) {
  if (verdict) {
    for (const auto& w : warnings) err << program << ": warning: " << w << "\n";
    out << path << ": ok\n";
    return 0;
  }
  // A message that already names the file (with its line) is not given the file twice.
  bool names_file = verdict.message().find(path) != std::string::npos;
  err << program << ": " << (names_file ? "" : path + ": ")
      << (verdict.field().empty() ? "" : verdict.field() + ": ") << verdict.message() << "\n";
  return 2;
}

}  // namespace kopilka::common
