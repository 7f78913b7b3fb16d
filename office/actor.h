// Who is calling head office's staff paths, and what their role lets them do
// (office.md "Staff, roles and audit"): owner, marketer, support, technician, auditor.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kopilka::office {

enum Role : unsigned {
  kOwner = 1u << 0,
  kMarketer = 1u << 1,
  kSupport = 1u << 2,
  kTechnician = 1u << 3,
  kAuditor = 1u << 4,
};
// A set of roles, as a route's rule.
using Roles = unsigned;
inline constexpr Roles kEveryone = kOwner | kMarketer | kSupport | kTechnician | kAuditor;
inline constexpr Roles kNobody = 0;

const char* to_string(Role role);  // "owner" …
std::optional<Role> role_from(std::string_view text);

// The audit's `who` for what no staff account does: the config's token, the shell
// (kopilka-office commands), a customer's unsubscribe link, the SMS gateway's STOP. No
// login may be one of them, or the audit could not tell a person from them.
inline constexpr std::string_view kAdminTokenActor = "admin_token";
inline constexpr std::string_view kShellActor = "shell";
inline constexpr std::string_view kUnsubscribeActor = "unsubscribe-link";
inline constexpr std::string_view kSmsGatewayActor = "sms-gateway";
inline constexpr std::string_view kReservedActors[] = {kAdminTokenActor, kShellActor,
                                                       kUnsubscribeActor, kSmsGatewayActor};

struct Actor {
  std::string who;  // the login, "token:NAME" or "admin_token" (the audit's `who`)
  Role role = kAuditor;
  std::string address;  // the peer's IP address
  std::string session;  // the session id when signed in through the browser
  bool must_change_password = false;
};

}  // namespace kopilka::office
