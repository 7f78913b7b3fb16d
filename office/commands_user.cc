// `user add|list|disable|enable|reset-password`: staff accounts from the shell (commands.h,
// office/staff.h). They work while the server runs: the account lives in the shared
// database. What changes an account is audited with `who` = `shell`.
#include <iostream>
#include <memory>

#include "office/audit.h"
#include "office/commands.h"
#include "office/staff.h"
#include "office/storage.h"

namespace kopilka::office {

namespace {

using Run = std::function<int(Sql&)>;

std::function<int(const OfficeConfig&)> with_sql(Run run) {
  return [run](const OfficeConfig& config) {
    auto store = open_storage(config.storage, config.data_dir, config.settings);
    if (!store) return command_failed(store.status());
    return run((*store)->sql());
  };
}

void audit(Sql& sql, const std::string& action, const std::string& login, core::Json after) {
  audit_from_shell(sql, {action, "user:" + login, std::nullopt, std::move(after)});
}

}  // namespace

void add_user_commands(Commands& c) {
  auto* user = c.app.add_subcommand("user", "manage staff accounts");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "add a staff account; prints its one-time password");
  auto login = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  add->add_option("LOGIN", *login, "the login, e.g. anna")->required();
  add->add_option("--role", *role, "owner, marketer, support, technician or auditor")->required();
  c.on(add, with_sql([login, role](Sql& sql) {
         auto r = role_from(*role);
         if (!r)
           return command_failed(core::Status::invalid(
               "must be owner, marketer, support, technician or auditor", "role"));
         auto password = add_user(sql, *login, *r, wall_clock());
         if (!password) return command_failed(password.status());
         // As the API's: an owner added at the shell was in no audit entry.
         audit(sql, "user.add", *login, core::Json{{"login", *login}, {"role", to_string(*r)}});
         std::cout << *password << std::endl;
         return 0;
       }));

  auto* list = user->add_subcommand("list", "list staff accounts: login, role, state");
  c.on(list, with_sql([](Sql& sql) {
         auto users = list_users(sql);
         if (!users) return command_failed(users.status());
         for (const auto& u : *users)
           std::cout << u.login << "\t" << to_string(u.role) << "\t"
                     << (u.disabled               ? "disabled"
                         : u.must_change_password ? "must-change-password"
                                                  : "active")
                     << "\n";
         return 0;
       }));

  auto* disable = user->add_subcommand("disable", "disable a staff account and its tokens");
  auto gone = std::make_shared<std::string>();
  disable->add_option("LOGIN", *gone, "the login")->required();
  c.on(disable, with_sql([gone](Sql& sql) {
         if (core::Status s = update_user(sql, *gone, std::nullopt, true); !s)
           return command_failed(s);
         audit(sql, "user.update", *gone, core::Json{{"disabled", true}});
         return 0;
       }));

  auto* enable = user->add_subcommand("enable", "enable a disabled staff account again");
  auto back = std::make_shared<std::string>();
  enable->add_option("LOGIN", *back, "the login")->required();
  c.on(enable, with_sql([back](Sql& sql) {
         if (core::Status s = update_user(sql, *back, std::nullopt, false); !s)
           return command_failed(s);
         audit(sql, "user.update", *back, core::Json{{"disabled", false}});
         return 0;
       }));

  auto* reset = user->add_subcommand(
      "reset-password", "a forgotten password: prints a new one-time password; sessions end");
  auto forgot = std::make_shared<std::string>();
  reset->add_option("LOGIN", *forgot, "the login")->required();
  c.on(reset, with_sql([forgot](Sql& sql) {
         auto password = reset_password(sql, *forgot);
         if (!password) return command_failed(password.status());
         audit(sql, "user.password_reset", *forgot, core::Json{{"must_change_password", true}});
         std::cout << *password << std::endl;
         return 0;
       }));
}

}  // namespace kopilka::office
