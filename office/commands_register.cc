// `register add NAME [--store ID]`: a one-time enrolment code for a new register;
// `register list`: the fleet view as a table; `register revoke ID`: its credential refused
// from now on (commands.h, docs/office.md "Stores and the register fleet").
#include <iostream>

#include "common/log_text.h"
#include "core/utf8_length.h"
#include "office/audit.h"
#include "office/commands.h"
#include "office/fleet.h"
#include "office/register_codes.h"
#include "office/storage.h"

namespace kopilka::office {

namespace {

core::Json cmd_audit_view(const FleetRegister& r) {
  core::Json j = {{"name", r.name}, {"store", r.store ? core::Json(*r.store) : core::Json()}};
  if (r.revoked) j["revoked"] = true;
  return j;
}

void audit(Storage& store, const AuditRecord& record) {
  audit_from_shell(store.sql(), record);
}

int cmd_add(const OfficeConfig& config, const std::string& name, const std::string& store_id) {
  auto store = open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return command_failed(store.status());
  Sql& sql = (*store)->sql();
  if (!store_id.empty()) {
    auto known = query_int(sql, "SELECT 1 FROM stores WHERE id = $1", {store_id});
    if (!known) return command_failed(known.status());
    if (!*known) return command_failed(core::Status::invalid("no store " + store_id, "--store"));
  }
  auto code = (*store)->add_register(name, wall_clock());
  if (!code) return command_failed(code.status());
  auto id = register_of_code(sql, *code);
  if (!id) return command_failed(id.status());
  if (!store_id.empty())
    if (core::Status s =
            update_register(sql, *id, std::nullopt, std::optional(std::optional(store_id)));
        !s)
      return command_failed(s);
  if (auto r = find_register(sql, *id); r && *r)
    audit(**store, {"register.add", "register:" + *id, std::nullopt, cmd_audit_view(**r)});
  std::cout << *code << std::endl;
  // Beside the code (stdout holds only the code, for scripts): how long it lasts and
  // where it goes.
  // No id: the register keeps its own at enrolment (sync.md), so the row's id is a stand-in.
  std::cerr << "register \"" << name << "\" added; enrol it before "
            << core::format_rfc3339(wall_clock() + kCodeLifetime, config.settings.zone)
            << " with: kopilka enroll --office URL --code " << *code << "\n";
  return 0;
}

std::string cmd_cell(const std::optional<std::string>& v) {
  return v ? *v : "-";
}

// The register's clock against head office's at its last contact; beyond two minutes
// its days, happy hours and burn dates may be wrong.
std::string clock_cell(const std::optional<std::int64_t>& skew) {
  if (!skew) return "-";
  std::string s = (*skew > 0 ? "+" : "") + std::to_string(*skew) + "s";
  return *skew > core::kMaxClockSkew || *skew < -core::kMaxClockSkew ? s + " (check its clock)" : s;
}

int cmd_list(const OfficeConfig& config) {
  auto store = open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return command_failed(store.status());
  auto rows = list_registers((*store)->sql());
  if (!rows) return command_failed(rows.status());
  const core::Instant now = wall_clock();
  std::vector<std::vector<std::string>> table = {
      {"ID", "NAME", "STORE", "STATE", "VERSION", "LAST CONTACT", "PENDING", "CLOCK"}};
  for (const auto& r : *rows)
    table.push_back(
        // Names and versions come over the API and the sync: a control character in one
        // must not clear or recolour the operator's terminal, or start a fake row.
        {r.id, common::escape_control(r.name), common::escape_control(cmd_cell(r.store)),
         register_state(r, now), common::escape_control(cmd_cell(r.version)),
         r.last_contact ? core::format_rfc3339(*r.last_contact, config.settings.zone) : "-",
         r.pending ? std::to_string(*r.pending) : "-", clock_cell(r.clock_skew_s)});
  // Columns by characters, not bytes: a Cyrillic name is two bytes a letter.
  const auto chars = [](const std::string& s) { return core::utf8_length(s); };
  std::vector<std::size_t> width(table[0].size(), 0);
  for (const auto& row : table)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], chars(row[i]));
  for (const auto& row : table) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i)
      line += row[i] + (i + 1 < row.size() ? std::string(width[i] - chars(row[i]) + 2, ' ') : "");
    std::cout << line << "\n";
  }
  return 0;
}

int cmd_revoke(const OfficeConfig& config, const std::string& id) {
  auto store = open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return command_failed(store.status());
  Sql& sql = (*store)->sql();
  auto before = find_register(sql, id);
  if (!before) return command_failed(before.status());
  if (!*before) return command_failed(core::Status::invalid("no register " + id, "ID"));
  if (core::Status s = revoke_register(sql, id, wall_clock()); !s) return command_failed(s);
  auto after = find_register(sql, id);
  if (!(*before)->revoked && after && *after)
    audit(**store,
          {"register.revoke", "register:" + id, cmd_audit_view(**before), cmd_audit_view(**after)});
  std::cout << "revoked " << id << std::endl;
  return 0;
}

}  // namespace

void add_register_commands(Commands& c) {
  auto* reg = c.app.add_subcommand("register", "manage registers");
  reg->require_subcommand(1);
  auto* add_cmd = reg->add_subcommand("add", "print a one-time enrolment code for a new register");
  auto name = std::make_shared<std::string>();
  auto store_id = std::make_shared<std::string>();
  add_cmd->add_option("NAME", *name, "the register's name, e.g. \"Store 1, till 2\"")->required();
  add_cmd->add_option("--store", *store_id, "the store it belongs to (its id, see store list)");
  c.on(add_cmd,
       [name, store_id](const OfficeConfig& config) { return cmd_add(config, *name, *store_id); });

  auto* list_cmd = reg->add_subcommand("list",
                                       "the fleet: each register's store, state, "
                                       "version, last contact and pending entries");
  c.on(list_cmd, [](const OfficeConfig& config) { return cmd_list(config); });

  auto* revoke_cmd =
      reg->add_subcommand("revoke", "refuse a register's credential from now on (401)");
  auto id = std::make_shared<std::string>();
  revoke_cmd->add_option("ID", *id, "the register's id, e.g. r-1a2b3c4d")->required();
  c.on(revoke_cmd, [id](const OfficeConfig& config) { return cmd_revoke(config, *id); });
}

}  // namespace kopilka::office
