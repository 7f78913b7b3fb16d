// `kopilka scanner add|remove`: a [[scanner]] table added to or taken from the config,
// checked by the daemon's parser before the file is replaced (scanners.md lists the keys).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/messages.h"

namespace kopilka::cli {
namespace {

struct AddOptions {
  std::string name;
  std::string port;
  int baud = 0;
  std::string kind;
  std::string terminator;
  std::string card_check;
};

int run_add(CliContext& ctx, const AddOptions& o) {
  auto root = read_config_toml(ctx);
  if (!root) return report_error(ctx, root.status());
  if (!root->contains("scanner")) root->insert("scanner", toml::array{});
  toml::array* scanners = (*root)["scanner"].as_array();
  if (scanners == nullptr)
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kMustBeArray), "scanner"));
  for (const auto& s : *scanners)
    if (const toml::table* t = s.as_table(); t && (*t)["name"].value<std::string>() == o.name)
      return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kScannerExists, o.name), "NAME"));
  // A port that is there must be a device: a file or a directory typed for it would only be
  // refused by kopilkad later ("not a serial device"). One not there may be unplugged.
  std::error_code kind_ec;
  const auto kind = std::filesystem::status(o.port, kind_ec).type();
  if (!kind_ec && kind != std::filesystem::file_type::not_found &&
      kind != std::filesystem::file_type::character)
    return report_error(
        ctx, core::Status::invalid(
                 o.port + say(ctx,
                              " is not a serial device (a file or a directory): give the "
                              "scanner's port, e.g. /dev/serial/by-id/… (kopilka scanner list)",
                              " — не последовательный порт (файл или каталог): укажите порт "
                              "сканера, например /dev/serial/by-id/… (kopilka scanner list)"),
                 "PORT"));
  toml::table t;
  t.insert("name", o.name);
  t.insert("port", o.port);
  if (o.baud > 0) t.insert("baud", o.baud);
  if (!o.kind.empty()) t.insert("kind", o.kind);
  if (!o.terminator.empty()) t.insert("terminator", o.terminator);
  if (!o.card_check.empty()) t.insert("card_check", o.card_check);
  scanners->push_back(std::move(t));
  auto written = write_config_toml(ctx, *root, "kopilka scanner add");
  if (!written) return report_error(ctx, written.status());
  // Added all the same: a USB scanner may be unplugged while the till is set up.
  std::error_code ec;
  const bool port_present = std::filesystem::exists(o.port, ec);
  if (ctx.json) {
    print_json({{"added", o.name},
                {"port", o.port},
                {"port_present", port_present},
                {"restart_needed", true}});
  } else {
    std::cout << paint(ctx, Tone::kOk, tr(ctx, Msg::kScannerAdded, o.name, o.port)) << "\n";
    if (!port_present)
      std::cout << paint(ctx, Tone::kWarn, tr(ctx, Msg::kScannerPortMissing, o.port)) << "\n";
    std::cout << tr(ctx, Msg::kConfigRestart) << "\n";
  }
  return kExitOk;
}

int run_remove(CliContext& ctx, const std::string& name) {
  auto root = read_config_toml(ctx);
  if (!root) return report_error(ctx, root.status());
  toml::array* scanners = (*root)["scanner"].as_array();
  bool found = false;
  std::string names;  // what is configured, for the refusal
  if (scanners != nullptr) {
    for (std::size_t i = 0; i < scanners->size(); ++i) {
      const toml::table* t = (*scanners)[i].as_table();
      const std::string each = t ? (*t)["name"].value_or(std::string()) : std::string();
      if (t && each == name) {
        scanners->erase(scanners->begin() + static_cast<std::ptrdiff_t>(i));
        found = true;
        break;
      }
      names += (names.empty() ? "" : ", ") + each;
    }
  }
  if (!found)
    return report_error(ctx, core::Status::not_found(
                                 tr(ctx, Msg::kNoScannerNamed, name, names.empty() ? "-" : names)));
  if (scanners->empty()) root->erase("scanner");
  auto written = write_config_toml(ctx, *root, "kopilka scanner remove");
  if (!written) return report_error(ctx, written.status());
  if (ctx.json) {
    print_json({{"removed", name}, {"restart_needed", true}});
  } else {
    std::cout << tr(ctx, Msg::kScannerRemoved, name) << "\n"
              << tr(ctx, Msg::kConfigRestart) << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_scanner_config_commands(CLI::App& scanner, CliContext& ctx) {
  auto o = std::make_shared<AddOptions>();
  CLI::App* add = scanner.add_subcommand(
      "add", "add a [[scanner]] to the config (other keys: edit the file, see scanners.md)");
  add->add_option("NAME", o->name, "its name in events, health and logs")->required();
  add->add_option("PORT", o->port, "the device, best its /dev/serial/by-id/… link")->required();
  add->add_option("--baud", o->baud, "1200 to 921600 (default 9600)");
  add->add_option("--kind", o->kind, "barcode, msr or auto");
  add->add_option("--terminator", o->terminator, "cr, lf, crlf, tab, etx, none or auto");
  add->add_option("--card-check", o->card_check, "ean, luhn or none");
  add->callback([&ctx, o] { ctx.exit_code = run_add(ctx, *o); });

  auto name = std::make_shared<std::string>();
  CLI::App* remove = scanner.add_subcommand("remove", "take a scanner out of the config");
  remove->add_option("NAME", *name, "the scanner's name")->required();
  remove->callback([&ctx, name] { ctx.exit_code = run_remove(ctx, *name); });
}

}  // namespace kopilka::cli
