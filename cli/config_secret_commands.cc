// `kopilka config show-secret pos_token|admin_token`: the one way to read a token for the
// POS integrator (config get/show print "(set)"). Each use is written to the system log
// (journald picks syslog up) as an audit line naming the key, the config file and who
// asked, never the secret itself.
#include <pwd.h>
#include <syslog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/messages.h"

namespace kopilka::cli {
namespace {

std::string who_asks() {
  const passwd* pw = ::getpwuid(::getuid());
  std::string who = "uid " + std::to_string(::getuid());
  if (pw != nullptr) who += " (" + std::string(pw->pw_name) + ")";
  const char* sudo = ::getenv("SUDO_USER");
  if (sudo != nullptr && *sudo != '\0') who += " via sudo by " + std::string(sudo);
  const char* tty = ::ttyname(STDIN_FILENO);
  if (tty != nullptr) who += " on " + std::string(tty);
  return who;
}

// True when the line went to the system log. syslog(3) says nothing of a machine without
// one (a container, a minimal install): the line is then lost, and saying "recorded"
// would be false.
bool audit(const std::string& key, const std::string& config_path) {
  if (::access("/dev/log", W_OK) != 0) return false;
  std::string line =
      "audit: config show-secret " + key + " of " + config_path + " shown to " + who_asks();
  ::openlog("kopilka", LOG_PID, LOG_AUTHPRIV);
  ::syslog(LOG_NOTICE, "%s", line.c_str());
  ::closelog();
  return true;
}

int run_show_secret(CliContext& ctx, const std::string& key) {
  if (key != "pos_token" && key != "admin_token")
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kSecretKeys), "KEY"));
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  const std::string& secret = key == "pos_token" ? config->pos_token : config->admin_token;
  const bool audited = audit(key, ctx.config_path);
  if (ctx.json) {
    print_json({{"key", key}, {"value", secret}, {"audited", audited}});
  } else {
    std::cout << secret << "\n";
    std::cerr << tr(ctx, audited ? Msg::kSecretAudited : Msg::kSecretNotAudited) << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_config_secret_command(CLI::App& config, CliContext& ctx) {
  auto key = std::make_shared<std::string>();
  CLI::App* show = config.add_subcommand(
      "show-secret", "print a token (pos_token or admin_token) for the POS integrator; audited");
  show->add_option("KEY", *key, "pos_token or admin_token")->required();
  show->callback([&ctx, key] { ctx.exit_code = run_show_secret(ctx, *key); });
}

}  // namespace kopilka::cli
