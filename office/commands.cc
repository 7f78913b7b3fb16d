// The commands' shared helpers (commands.h).
#include "office/commands.h"

#include <chrono>
#include <iostream>

namespace kopilka::office {

int command_failed(const core::Status& s) {
  std::cerr << "kopilka-office: " << (s.field().empty() ? "" : s.field() + ": ") << s.message()
            << "\n";
  if (s.code() == core::Code::kInvalid) return 2;
  return s.code() == core::Code::kCorrupt ? 3 : 1;  // as kopilkad: a damaged database
}

core::Instant wall_clock() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void audit_from_shell(Sql& sql, const AuditRecord& record) {
  Actor shell;
  shell.who = kShellActor;
  shell.role = kOwner;
  if (core::Status s = append_audit(sql, shell, wall_clock(), record); !s)
    std::cerr << "kopilka-office: " << record.action << " was made but not audited: " << s.message()
              << "\n";
}

}  // namespace kopilka::office
