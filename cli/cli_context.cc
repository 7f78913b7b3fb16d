// Global options, locale, exit codes and terminal output shared by every command group.
#include "cli/cli_context.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/error_text_ru.h"
#include "cli/messages.h"
#include "core/card_number.h"
#include "register/chain_settings.h"
#include "register/store_reader.h"

namespace kopilka::cli {

Lang lang_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    std::string_view s(v);
    return s.substr(0, 2) == "ru" ? Lang::kRu : Lang::kEn;
  }
  return Lang::kEn;
}

CliContext make_context() {
  CliContext ctx;
  ctx.lang = lang_from_environment();
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  ctx.color = isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0') &&
              !(term != nullptr && std::string_view(term) == "dumb");
  return ctx;
}

void add_global_options(CLI::App& app, CliContext& ctx) {
  app.fallthrough();
  app.add_option("--config", ctx.config_path, "the register's config file")
      ->default_str(ctx.config_path);
  app.add_flag("--json", ctx.json, "print data as JSON (errors too, as {\"error\": …})");
}

namespace {

void footer_on_subcommands(CLI::App& app, const std::string& footer) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->footer(footer);
    footer_on_subcommands(*sub, footer);
  }
}

}  // namespace

void name_global_options_in_help(CLI::App& app, const CliContext& ctx) {
  footer_on_subcommands(
      app,
      fmt::format(fmt::runtime(message_text(ctx.lang, Msg::kHelpGlobalOptions)), ctx.config_path));
}

int exit_code_for(const core::Status& status) {
  return status.code() == core::Code::kInvalid ? kExitUsage : kExitFailure;
}

namespace {
const char* code_name(core::Code code) {
  switch (code) {
    case core::Code::kOk:
      return "ok";
    case core::Code::kInvalid:
      return "invalid";
    case core::Code::kNotFound:
      return "not_found";
    case core::Code::kConflict:
      return "conflict";
    case core::Code::kUnavailable:
      return "unavailable";
    case core::Code::kCorrupt:
      return "corrupt";
    case core::Code::kInternal:
      return "internal";
  }
  return "internal";
}
}  // namespace

int report_error(const CliContext& ctx, const core::Status& status) {
  return report_error(ctx, status, exit_code_for(status));
}

int report_error(const CliContext& ctx, const core::Status& status, int exit_code) {
  // The line for a person is in the technician's language; --json keeps the English
  // message, as the API gives it, for scripts.
  std::string where = status.field().empty() ? "" : status.field() + ": ";
  std::string text = error_text(ctx.lang, status.message());
  std::cerr << "kopilka: " << paint(ctx, Tone::kFail, where + text) << "\n";
  if (ctx.json) {
    core::Json error = {{"code", code_name(status.code())}, {"message", status.message()}};
    if (!status.field().empty()) error["field"] = status.field();
    print_json({{"error", error}});
  }
  return exit_code;
}

void print_json(const core::Json& value) {
  std::cout << core::json_plain(value).dump(2, ' ', false, core::Json::error_handler_t::replace)
            << "\n";
}

namespace {
std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;  // count UTF-8 lead bytes, not continuation bytes
  return n;
}
}  // namespace

void print_table(const CliContext& ctx, const Table& table) {
  std::vector<std::size_t> width(table.headers.size(), 0);
  for (std::size_t i = 0; i < table.headers.size(); ++i) width[i] = display_width(table.headers[i]);
  for (const auto& row : table.rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], display_width(row[i]));
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string out;
    for (std::size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < cells.size() ? cells[i] : "";
      bool last = i + 1 == width.size();
      std::string padded =
          cell + (last ? "" : std::string(width[i] - display_width(cell) + 2, ' '));
      out += header ? paint(ctx, Tone::kBold, padded) : padded;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    std::cout << out << "\n";
  };
  line(table.headers, true);
  for (const auto& row : table.rows) line(row, false);
}

void print_fields(const CliContext& ctx,
                  const std::vector<std::pair<std::string, std::string>>& fields) {
  std::size_t width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, display_width(label));
  for (const auto& [label, value] : fields)
    std::cout << paint(ctx, Tone::kBold, label)
              << std::string(width - display_width(label) + 2, ' ') << value << "\n";
}

std::string paint(const CliContext& ctx, Tone tone, const std::string& text) {
  if (!ctx.color) return text;
  const char* code = "";
  switch (tone) {
    case Tone::kOk:
      code = "\033[32m";
      break;
    case Tone::kWarn:
      code = "\033[33m";
      break;
    case Tone::kFail:
      code = "\033[31m";
      break;
    case Tone::kBold:
      code = "\033[1m";
      break;
    case Tone::kDim:
      code = "\033[2m";
      break;
  }
  return code + text + "\033[0m";
}

std::string mask_card(const std::string& number) {
  return core::masked_card(number);
}

core::Result<daemon::DaemonConfig> load_config(const CliContext& ctx) {
  if (::access(ctx.config_path.c_str(), F_OK) != 0 && errno == ENOENT)
    return core::Status::not_found(tr(ctx, Msg::kConfigMissing, ctx.config_path));
  if (::access(ctx.config_path.c_str(), R_OK) != 0 && errno == EACCES)
    return core::Status::unavailable(tr(ctx, Msg::kNoPermissionRoot, ctx.config_path));
  return daemon::load_daemon_config(ctx.config_path);
}

core::Json pulled_chain_settings(const daemon::DaemonConfig& config) {
  auto reader = daemon::StoreReader::open(config.data_dir);
  if (!reader) return core::Json();
  auto settings = (*reader)->chain_settings();
  return settings ? *settings : core::Json();
}

core::Result<daemon::DaemonConfig> load_effective_config(const CliContext& ctx) {
  auto config = load_config(ctx);
  if (!config) return config;
  core::Json office = pulled_chain_settings(*config);
  // Settings the register cannot use are reported by `config show` and the sync; here the
  // file's values stand, as they do in a kopilkad that refused them.
  if (auto effective = daemon::with_office_settings(config->settings, office); effective) {
    config->settings = std::move(*effective);
    if (office.contains("timezone")) config->timezone = office["timezone"].get<std::string>();
  }
  return config;
}

}  // namespace kopilka::cli
