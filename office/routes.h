// Head office's API as functions from HttpRequest to HttpResponse: authentication, then
// one function per group of paths. Called on the server's single loop thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/http_types.h"
#include "core/time.h"
#include "office/audit.h"
#include "office/config.h"
#include "office/loop_budget.h"
#include "office/route_table.h"
#include "office/sign_in_pace.h"
#include "office/storage.h"

namespace kopilka::office {

using common::error_response;
using common::HttpRequest;
using common::HttpResponse;
using common::status_response;

inline constexpr int kProtocolVersion = 1;

class PushQueue;
class ExportJobs;
class PushActivity;
class PasswordChecks;

struct OfficeContext {
  Storage& store;
  const OfficeConfig& config;
  std::function<core::Instant()> now;  // the wall clock, injected
  PushQueue* pushes = nullptr;         // group commit; null: each push commits alone
  ExportJobs* exports = nullptr;       // exports off the loop thread; null: none (503)
  // Pushes in flight, which the burn scan stands aside for; null: none.
  PushActivity* push_activity = nullptr;
  // When a caller last heard 503 storage_unavailable (0: never): /v1/health says "db":
  // "unavailable" for a minute after, as kopilkad's does, so monitoring sees a full disk or
  // a database down while head office still answers. On the loop's thread only.
  core::Instant storage_failed_at = 0;
  // This database's epoch (office_epoch.h), read at start: every sync answer carries it.
  std::string epoch{};
  // Successful sign-ins per account, on the loop's thread only.
  SignInPace sign_ins{};
  // Sign-ins' password checks off the loop; null: checked on the loop (the shell, tests).
  PasswordChecks* passwords = nullptr;
  // The loop's time heavy requests (routes marked `heavy`) may take; on the loop's thread.
  LoopBudget heavy{};
};

// Answers every request; pushes may be answered later (group commit).
void handle(OfficeContext& ctx, const HttpRequest& req, common::Respond respond);
HttpResponse route(OfficeContext& ctx, const HttpRequest& req);
// POST /v1/sync/push: checked at once, applied with the next group.
void route_push(OfficeContext& ctx, const HttpRequest& req, common::Respond respond);
// POST /v1/auth/login with ctx.passwords: answered once its password was checked.
void route_sign_in(OfficeContext& ctx, const HttpRequest& req, common::Respond respond);

// Path segments after a prefix, percent-decoded: split_path("/v1/admin/cards/123/points")
// → {"v1","admin","cards","123","points"}.
std::vector<std::string> split_path(const std::string& path);

// The sync group answers its paths (404 when a path is not theirs); staff paths are
// rows of office/route_table.h.
HttpResponse route_sync(OfficeContext& ctx, const HttpRequest& req,
                        const std::vector<std::string>& parts);
// GET /v1/cards/{number} and /v1/cards?phone= (office/routes_cards.cc).
HttpResponse card_view_route(OfficeContext& ctx, const HttpRequest& req);
// The card's answer at `at`: what is due by then (a birthday grant) shown as it will be once
// journalled, then core::card_view. Every head office answer with a card view uses it.
core::Json card_answer(OfficeContext& ctx, core::CardState state, core::Instant at,
                       const core::Settings& settings);
// POST /v1/sync/upload (office/routes_upload.cc): an enrolling register's cards and programs.
HttpResponse route_upload(OfficeContext& ctx, const HttpRequest& req,
                          const std::string& register_id);

// Appends a change to the audit log (office/audit.h) as `call`'s actor, now. The change has
// already been made: a failure to record it is logged, not answered.
void record_change(OfficeContext& ctx, const Call& call, const AuditRecord& record);
// A birthday gift `call`'s support edit, join or merge made due at once on card `number`:
// audited as card.birthday_gift, and so counted in the account's adjustments of the day
// (audit.h, birthday_guard.h).
void record_birthday_gift(OfficeContext& ctx, const Call& call, const std::string& number,
                          std::int64_t points);

// Parses a request body with exact numbers; a 400 response on failure.
core::Result<core::Json> parse_body(const HttpRequest& req);

// A CSV answer's text, with the UTF-8 byte order mark in front when the query asks for it
// (`bom=1`, as the web admin's downloads do): Excel on a Russian Windows reads a CSV
// without it as Windows-1251, and every Cyrillic name comes out garbled. Scripts, the
// shell's exports and the import read the file without it, and with it too.
std::string csv_text(std::string text, const HttpRequest& req);
// `at` from the query or body: RFC 3339, default now.
core::Result<core::Instant> at_param(OfficeContext& ctx, const std::string& text);

}  // namespace kopilka::office
