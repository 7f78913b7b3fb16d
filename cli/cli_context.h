// What every `kopilka` command group shares: the global options (--config, --json), the
// language chosen by the locale, output helpers (JSON, tables, colour on a tty, errors as
// one clear sentence), exit codes, and a client for the local daemon's HTTP API.
#pragma once

#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "register/config.h"

namespace CLI {
class App;
}

namespace kopilka::cli {

// Exit codes of every command: ok, a failure (daemon down, not found, I/O), or a usage /
// validation error (bad option, bad file, bad field).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

enum class Lang { kEn, kRu };

// LC_ALL, then LC_MESSAGES, then LANG (POSIX precedence); "ru…" means Russian.
Lang lang_from_environment();

struct CliContext {
  std::string config_path = "/etc/kopilka/kopilka.toml";
  bool json = false;        // --json: machine-readable output on stdout
  Lang lang = Lang::kEn;    // from the locale
  bool color = false;       // stdout is a terminal and NO_COLOR is unset
  int exit_code = kExitOk;  // set by the command that ran; main returns it
};

// The language of what a command writes: the locale's, but English with --json, whose
// output (messages included) is for scripts (docs/technician.md). report_error still
// translates a known message for the line a person reads on stderr.
inline Lang output_lang(const CliContext& ctx) {
  return ctx.json ? Lang::kEn : ctx.lang;
}

// The English or the Russian text, by the context's language.
inline std::string say(const CliContext& ctx, const char* en, const char* ru) {
  return output_lang(ctx) == Lang::kRu ? ru : en;
}

// Fills lang and color from the environment.
CliContext make_context();

// Adds --config and --json to `app` (and, through fallthrough, to every subcommand).
void add_global_options(CLI::App& app, CliContext& ctx);
// Every subcommand's --help ends naming the global options, which CLI11 lists only in the
// top-level help; call once every command is added.
void name_global_options_in_help(CLI::App& app, const CliContext& ctx);

// kInvalid → 2 (usage/validation); everything else → 1.
int exit_code_for(const core::Status& status);

// Prints `status` as one sentence on stderr ("kopilka: scanner[0].baud: must be …"), and,
// with --json, as {"error": {"code", "message", "field"}} on stdout. Returns the exit code,
// so a command can `return report_error(ctx, s);`.
int report_error(const CliContext& ctx, const core::Status& status);
// The same with an explicit exit code.
int report_error(const CliContext& ctx, const core::Status& status, int exit_code);

// Pretty-printed JSON on stdout (numbers kept exact).
void print_json(const core::Json& value);

// A plain text table: column widths counted in characters (Cyrillic is one each), headers
// bold on a terminal.
struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};
void print_table(const CliContext& ctx, const Table& table);

// "label    value" lines with the labels aligned (a record rather than a list).
void print_fields(const CliContext& ctx,
                  const std::vector<std::pair<std::string, std::string>>& fields);

// Colour helpers: the text unchanged unless ctx.color.
enum class Tone { kOk, kWarn, kFail, kBold, kDim };
std::string paint(const CliContext& ctx, Tone tone, const std::string& text);

// "****0015": the last four digits only, for anything printed about a card.
std::string mask_card(const std::string& number);

// The config at ctx.config_path, parsed and validated by the daemon's own parser.
core::Result<daemon::DaemonConfig> load_config(const CliContext& ctx);
// Head office's chain settings (and the store's time zone) as this register last pulled
// them: null when none, or no database yet (register/chain_settings.h).
core::Json pulled_chain_settings(const daemon::DaemonConfig& config);
// load_config with what the register last pulled from head office over the file's values,
// as kopilkad computes with them: for the commands that compute as the register does (a
// card's view, a receipt, the journal's days, a sync), never for those that edit the file.
core::Result<daemon::DaemonConfig> load_effective_config(const CliContext& ctx);

// The local daemon's HTTP API (pos-api.md), over loopback with libcurl.
enum class Token { kNone, kPos, kAdmin };
struct DaemonAnswer {
  int status = 0;   // HTTP status
  core::Json body;  // parsed exactly (null when the body was empty)
};
// kUnavailable ("kopilkad is not running at 127.0.0.1:8765 …") when it cannot connect.
// `body` empty sends no body. Timeout in seconds covers the whole exchange.
core::Result<DaemonAnswer> call_daemon(const daemon::DaemonConfig& config,
                                       const std::string& method, const std::string& path,
                                       const std::string& body, Token token, long timeout_s = 15);
// A non-2xx answer's {"error": {...}} as a Status: 400 → kInvalid with its field,
// 404 → kNotFound, 409 → kConflict, 503 → kUnavailable, else kInternal.
core::Status daemon_error(const DaemonAnswer& answer);
// What answered kopilkad's `/v1/health`: "kopilkad", or the name the answer gives itself
// ("kopilka-office"), or "a program that is not kopilkad". A call with a token asks first,
// and sends nothing to anything but kopilkad.
std::string health_service(const core::Json& health);
// call_daemon, then a non-2xx answer turned into daemon_error: the body of a 2xx answer.
// `body` null sends none.
core::Result<core::Json> daemon_json(const daemon::DaemonConfig& config, const std::string& method,
                                     const std::string& path, const core::Json& body, Token token,
                                     long timeout_s = 15);
// Percent-encodes one path segment or query value.
std::string url_encode(const std::string& text);

}  // namespace kopilka::cli
