// `kopilka init`: a first config for a new register, with fresh random tokens, written 0600,
// and its data directory created and checked. Never replaces a config without --force.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/messages.h"
#include "common/file_sync.h"
#include "common/secrets.h"

namespace kopilka::cli {
namespace {

// 32 random bytes a token, as the package's postinst writes them (od -N32).
constexpr std::size_t kTokenBytes = 32;

struct InitOptions {
  bool force = false;
  std::string data_dir = "/var/lib/kopilka";
  std::string listen = "127.0.0.1:8765";
  std::string timezone = "Europe/Moscow";
  std::string locale = "ru";
};

std::string config_text(const InitOptions& o) {
  return "# Kopilka register configuration, written by `kopilka init`.\n"
         "# Every key: docs/configuration.md. Check it with `kopilka config check`.\n"
         "listen = \"" +
         o.listen + "\"\n" + "data_dir = \"" + o.data_dir + "\"\n" + "timezone = \"" + o.timezone +
         "\"\n" +
         "point_value = 100\n"
         "expiry_warning_days = 7\n"
         "# Tobacco may take no discount or points (Federal Law 15-FZ, art. 16), as in the\n"
         "# packaged config.\n"
         "no_loyalty_categories = [\"tobacco\"]\n"
         "locale = \"" +
         o.locale + "\"\n" +
         "log_level = \"info\"\n"
         "# Secrets: give pos_token to the POS software only; admin_token stays here.\n"
         "pos_token = \"" +
         common::random_hex(kTokenBytes) + "\"\n" + "admin_token = \"" +
         common::random_hex(kTokenBytes) + "\"\n\n" +
         "# One table per card scanner (docs/scanners.md), e.g.:\n"
         "# [[scanner]]\n"
         "# name = \"front\"\n"
         "# port = \"/dev/serial/by-id/usb-...-if00\"\n"
         "# baud = 9600\n";
}

// A quote or backslash would break the TOML we write; such paths are refused, not escaped.
core::Status check_plain(const std::string& value, const std::string& option) {
  if (value.find_first_of("\"\\\n") != std::string::npos)
    return core::Status::invalid("must not contain quotes, backslashes or newlines", option);
  return core::Status::ok();
}

int run_init(CliContext& ctx, InitOptions o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  o.data_dir = path_as_kept(o.data_dir);
  if (o.data_dir.size() > 1 && o.data_dir.back() == '/') o.data_dir.pop_back();
  for (auto [value, name] : {std::pair{&o.data_dir, "--data-dir"},
                             {&o.listen, "--listen"},
                             {&o.timezone, "--timezone"},
                             {&ctx.config_path, "--config"}})
    if (core::Status s = check_plain(*value, name); !s) return report_error(ctx, s);
  // A fresh config has no [office]: replacing an enrolled register's would silently stop its
  // syncs, while its receipts kept piling up unsent. Refused with or without --force.
  if (auto old = fs::exists(ctx.config_path, ec)
                     ? daemon::load_daemon_config(ctx.config_path)
                     : core::Result<daemon::DaemonConfig>(core::Status::not_found(""));
      old && old->office)
    return report_error(
        ctx,
        core::Status::conflict(
            say(ctx, "this register is enrolled at head office (", "касса подключена к офису (") +
            old->office->url +
            say(ctx,
                "); a new config would unhook it and leave its receipts unsent: change single "
                "keys with kopilka config set",
                "); новый конфиг отключил бы её, и чеки перестали бы уходить в офис: меняйте "
                "отдельные ключи командой kopilka config set")),
        kExitFailure);
  // Checked after the enrolled refusal: --force, which it refuses too, is not suggested.
  if (fs::exists(ctx.config_path, ec) && !o.force)
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kInitExists, ctx.config_path)),
                        kExitFailure);

  std::string text = config_text(o);
  fs::path config_path = fs::absolute(ctx.config_path, ec);
  // The daemon's own parser checks what we are about to write (listen, timezone, locale).
  auto parsed = daemon::parse_daemon_config(text, config_path.parent_path().string());
  if (!parsed) {
    core::Status s = parsed.status();
    return report_error(ctx, core::Status::invalid(s.message(), "--" + s.field()));
  }

  if (!config_path.parent_path().empty()) fs::create_directories(config_path.parent_path(), ec);
  if (ec)
    return report_error(
        ctx, core::Status::unavailable(
                 tr(ctx, Msg::kCannotCreate, config_path.parent_path().string(), ec.message())));
  // The data dir before the config: a config naming a dir that could not be made was left
  // behind, and the retry with a good --data-dir was refused as "already exists".
  fs::create_directories(o.data_dir, ec);
  if (ec)
    return report_error(
        ctx, core::Status::unavailable(tr(ctx, Msg::kCannotCreate, o.data_dir, ec.message())));
  if (core::Status s = common::write_file_atomically(config_path.string(), text, 0600); !s)
    return report_error(ctx, s);
  ::chmod(o.data_dir.c_str(), 0750);
  // Installed as a service: the files belong to the user kopilkad runs as.
  if (::geteuid() == 0) {
    if (const passwd* pw = ::getpwnam("kopilka")) {
      if (::chown(o.data_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0 ||
          ::chown(config_path.c_str(), pw->pw_uid, pw->pw_gid) != 0)
        std::cerr << "kopilka: " << tr(ctx, Msg::kNoPermission, o.data_dir) << "\n";
    }
  }
  std::vector<std::string> warnings;
  if (::access(o.data_dir.c_str(), W_OK | X_OK) != 0)
    warnings.push_back(tr(ctx, Msg::kNotWritable, o.data_dir));
  struct stat st {};
  if (::stat(o.data_dir.c_str(), &st) == 0 && (st.st_mode & S_IWOTH) != 0)
    warnings.push_back(tr(ctx, Msg::kWorldWritable, o.data_dir, o.data_dir));

  if (ctx.json) {
    print_json({{"config", config_path.string()},
                {"data_dir", o.data_dir},
                {"mode", "0600"},
                {"warnings", warnings}});
  } else {
    std::cout << paint(ctx, Tone::kOk, tr(ctx, Msg::kInitDone, config_path.string())) << "\n"
              << tr(ctx, Msg::kInitDataDir, o.data_dir) << "\n";
    for (const auto& w : warnings) std::cout << paint(ctx, Tone::kWarn, w) << "\n";
    std::cout << tr(ctx, Msg::kInitNext) << "\n";
  }
  return warnings.empty() ? kExitOk : kExitFailure;
}

}  // namespace

void add_init_commands(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand(
      "init", "write a new config with fresh random tokens (0600) and create the data dir");
  cmd->add_flag("--force", opts->force, "replace an existing config (its tokens change)");
  cmd->add_option("--data-dir", opts->data_dir, "where the database lives")
      ->default_str(opts->data_dir);
  cmd->add_option("--listen", opts->listen, "host:port of the local API")
      ->default_str(opts->listen);
  cmd->add_option("--timezone", opts->timezone, "the shop's time zone")
      ->default_str(opts->timezone);
  cmd->add_option("--locale", opts->locale, "language of receipt messages: ru or en")
      ->default_str(opts->locale);
  cmd->callback([&ctx, opts] { ctx.exit_code = run_init(ctx, *opts); });
}

}  // namespace kopilka::cli
