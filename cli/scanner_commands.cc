// `kopilka scanner list|listen|test`: which serial ports are plugged in, what a scanner
// sends (frame by frame, as kopilkad parses it) and whether one scan gets through. `test`
// goes through kopilkad's event stream while it runs (it owns the port), else reads the
// port itself.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/scanner_ports.h"
#include "cli/words.h"
#include "common/instance_lock.h"

namespace kopilka::cli {
namespace {

std::string hex4(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", v & 0xffff);
  return buf;
}

int run_scanner_list(CliContext& ctx) {
  auto ports = list_serial_ports();
  if (!ports) return report_error(ctx, ports.status());
  // Which configured scanner uses which port, when the config can be read.
  auto config = load_config(ctx);
  auto used_by = [&](const PortInfo& p) -> std::string {
    if (!config) return "";
    for (const auto& s : config->scanners) {
      std::error_code ec;
      auto target = std::filesystem::canonical(s.port, ec);
      if (s.port == p.device || s.port == p.by_id || (!ec && target.string() == p.device))
        return s.name;
    }
    return "";
  };
  if (ctx.json) {
    core::Json list = core::Json::array();
    for (const auto& p : *ports) {
      core::Json j = {{"device", p.device},
                      {"by_id", p.by_id},
                      {"description", p.description},
                      {"transport", p.transport},
                      {"scanner", used_by(p)}};
      if (p.usb_vendor >= 0) {
        j["usb"] = {{"vendor", hex4(p.usb_vendor)},
                    {"product", hex4(p.usb_product)},
                    {"manufacturer", p.manufacturer},
                    {"product_name", p.product},
                    {"serial", p.serial}};
      }
      list.push_back(j);
    }
    print_json({{"ports", list}});
    return kExitOk;
  }
  if (ports->empty()) {
    std::cout << tr(ctx, Msg::kNoPorts) << "\n";
    return kExitOk;
  }
  Table t{{tr(ctx, Msg::kColPort), "USB", tr(ctx, Msg::kColDevice), tr(ctx, Msg::kColSerial),
           tr(ctx, Msg::kColScanner)},
          {}};
  for (const auto& p : *ports) {
    std::string usb = p.usb_vendor >= 0 ? hex4(p.usb_vendor) + ":" + hex4(p.usb_product) : "-";
    std::string what = p.manufacturer.empty() && p.product.empty()
                           ? p.description
                           : p.manufacturer + " " + p.product;
    std::string name = p.by_id.empty() ? p.device : p.device + " (" + p.by_id + ")";
    std::string scanner = used_by(p);
    t.rows.push_back(
        {name, usb, what, p.serial.empty() ? "-" : p.serial, scanner.empty() ? "-" : scanner});
  }
  print_table(ctx, t);
  return kExitOk;
}

// NAME from the config, or a device path with default settings (and --baud).
core::Result<drivers::ScannerConfig> scanner_for(const CliContext& ctx, const std::string& what,
                                                 int baud) {
  auto config = load_config(ctx);
  if (config) {
    for (const auto& s : config->scanners)
      if (s.name == what) return s;
  }
  if (what.find('/') != std::string::npos) {
    drivers::ScannerConfig s;
    s.name = what;
    s.port = what;
    if (baud > 0) s.baud = baud;
    return s;
  }
  if (!config) return config.status();
  std::string names;
  for (const auto& s : config->scanners) names += (names.empty() ? "" : ", ") + s.name;
  return core::Status::invalid(tr(ctx, Msg::kNoSuchScanner, what, names.empty() ? "-" : names),
                               "NAME");
}

core::Json frame_json(const SeenFrame& f) {
  core::Json j = {{"raw", f.raw}};
  if (f.outcome.card) {
    j["card"] = f.outcome.number;
    j["source"] = f.outcome.source;
  } else {
    j["rejected"] = f.outcome.reason;
  }
  return j;
}

std::string frame_text(const CliContext& ctx, const SeenFrame& f) {
  std::string raw = f.raw.empty() ? tr(ctx, Msg::kRawHidden) : "\"" + f.raw + "\"";
  if (f.outcome.card)
    return raw + "  →  " +
           paint(ctx, Tone::kOk, tr(ctx, Msg::kFrameCard, f.outcome.number, f.outcome.source));
  return raw + "  →  " + paint(ctx, Tone::kWarn, tr(ctx, Msg::kFrameRejected, f.outcome.reason));
}

// The port is held by kopilkad (or another program): say what to do instead.
core::Status explain_open_error(const CliContext& ctx, const core::Status& s) {
  if (s.code() == core::Code::kConflict)
    return core::Status::unavailable(s.message() + ": " + tr(ctx, Msg::kPortBusy));
  return s;
}

struct ListenOptions {
  std::string what;
  int baud = 0;
  int count = 0;
  int timeout_s = 0;
};

int run_listen(CliContext& ctx, const ListenOptions& o) {
  auto scanner = scanner_for(ctx, o.what, o.baud);
  if (!scanner) return report_error(ctx, scanner.status());
  drivers::ScannerConfig config = *scanner;
  config.repeat_window_ms = 0;  // show every frame, even the same card twice
  if (o.baud > 0) config.baud = o.baud;
  int seen = 0;
  bool by_signal = false, timed_out = false;
  core::Status s = listen_port(
      config, o.timeout_s * 1000,
      [&](const SeenFrame& f) {
        if (ctx.json) {
          std::cout << core::json_plain(frame_json(f)).dump() << std::endl;
        } else {
          std::cout << frame_text(ctx, f) << std::endl;
        }
        return o.count == 0 || ++seen < o.count;
      },
      &by_signal, &timed_out,
      [&] {
        // On stderr in --json mode too: once the port is open (what it took in before is
        // dropped), so a script knows when to scan.
        std::cerr << tr(ctx, Msg::kListening, config.name, config.port, config.baud) << std::endl;
      });
  if (!s) return report_error(ctx, explain_open_error(ctx, s));
  return kExitOk;
}

struct TestOptions {
  std::string name;
  int timeout_s = 30;
};

// What to do about a rejected scan: a bank card or a bad read is the card's or the hand's
// doing, and no setting should change for it; anything else is the settings'.
Msg rejected_hint(const std::string& reason) {
  if (reason == "payment_card") return Msg::kTestBankCardHint;
  if (reason == "read_error") return Msg::kTestReadErrorHint;
  return Msg::kTestRejectedHint;
}

int print_test_result(CliContext& ctx, const core::Json& result) {
  if (ctx.json) {
    print_json(result);
  } else if (result.value("type", "") == "card_scanned") {
    std::cout << paint(ctx, Tone::kOk,
                       tr(ctx, Msg::kTestCard, result.value("card", ""), result.value("source", ""),
                          result.contains("known")
                              ? (result["known"].get<bool>() ? tr(ctx, Msg::kKnown)
                                                             : tr(ctx, Msg::kUnknown))
                              : std::string()))
              << "\n";
  } else {
    std::cout << paint(ctx, Tone::kWarn, tr(ctx, Msg::kTestRejected, result.value("reason", "")))
              << "\n"
              << tr(ctx, rejected_hint(result.value("reason", ""))) << "\n";
  }
  return result.value("type", "") == "card_scanned" ? kExitOk : kExitFailure;
}

// "scanner front is waiting: … is not there" when kopilkad's health has `name` not connected;
// "" when it is connected (or not listed).
std::string scanner_not_connected(const CliContext& ctx, const core::Json& health,
                                  const std::string& name) {
  for (const auto& s : health.value("scanners", core::Json::array()))
    if (s.value("name", "") == name && s.value("state", "") != "connected")
      return tr(ctx, Msg::kScannerState, name, code_word(ctx, s.value("state", "")),
                s.value("message", ""));
  return "";
}

// Through kopilkad: wait on GET /v1/events for this scanner's next scan.
int test_via_daemon(CliContext& ctx, const daemon::DaemonConfig& config, const TestOptions& o) {
  auto first = daemon_json(config, "GET", "/v1/events?after=0&wait=0", nullptr, Token::kPos);
  if (!first) return report_error(ctx, first.status());
  std::int64_t after = first->value("last_seq", std::int64_t{0});
  if (auto health = daemon_json(config, "GET", "/v1/health", nullptr, Token::kNone)) {
    const core::Json scanners = health->value("scanners", core::Json::array());
    const bool known = std::any_of(scanners.begin(), scanners.end(), [&](const core::Json& s) {
      return s.value("name", "") == o.name;
    });
    // Added to the config after kopilkad started: it is not listening to this port at all.
    if (!known)
      return report_error(
          ctx, core::Status::unavailable(
                   say(ctx, "kopilkad was started before scanner ",
                       "kopilkad запущен до того, как сканер ") +
                   o.name +
                   say(ctx, " was configured and does not read it yet: systemctl restart kopilkad",
                       " был добавлен, и не читает его: systemctl restart kopilkad")));
    if (const std::string state = scanner_not_connected(ctx, *health, o.name); !state.empty())
      std::cerr << paint(ctx, Tone::kWarn, state) << "\n";
  }
  std::cerr << tr(ctx, Msg::kScanNow, o.name, o.timeout_s) << std::endl;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline -
                                                                 std::chrono::steady_clock::now())
                    .count();
    long wait = std::max<long>(1, std::min<long>(25, left));
    auto page =
        daemon_json(config, "GET",
                    "/v1/events?after=" + std::to_string(after) + "&wait=" + std::to_string(wait),
                    nullptr, Token::kPos, wait + 10);
    if (!page) return report_error(ctx, page.status());
    std::int64_t last = page->value("last_seq", after);
    if (last < after) after = 0;  // kopilkad restarted: its numbering began again
    for (const auto& e : page->value("events", core::Json::array())) {
      after = std::max(after, e.value("seq", after));
      std::string type = e.value("type", "");
      if (e.value("scanner", "") != o.name) continue;
      if (type == "card_scanned" || type == "scan_rejected") {
        core::Json result = e;
        result["via"] = "kopilkad";
        return print_test_result(ctx, result);
      }
    }
    if (last > after) after = last;
  }
  // Still not connected at the end: that, not the cable or the baud, is why nothing came.
  if (auto health = daemon_json(config, "GET", "/v1/health", nullptr, Token::kNone))
    if (const std::string state = scanner_not_connected(ctx, *health, o.name); !state.empty())
      return report_error(
          ctx, core::Status::unavailable(
                   state + say(ctx, "; nothing could be scanned: plug it in, or fix its port",
                               "; сканировать было нечем: подключите его или исправьте порт")));
  return report_error(ctx, core::Status::unavailable(tr(ctx, Msg::kNoScan, o.timeout_s, o.name)));
}

int run_test(CliContext& ctx, const TestOptions& o) {
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  const drivers::ScannerConfig* scanner = nullptr;
  for (const auto& s : config->scanners)
    if (s.name == o.name) scanner = &s;
  if (scanner == nullptr) {
    std::string names;
    for (const auto& s : config->scanners) names += (names.empty() ? "" : ", ") + s.name;
    if (names.empty()) names = "-";
    // A port path: `test` needs a configured scanner's settings; `listen` reads any port.
    if (o.name.find('/') != std::string::npos)
      return report_error(
          ctx, core::Status::invalid(tr(ctx, Msg::kTestTakesName, names, o.name, o.name), "NAME"));
    return report_error(
        ctx, core::Status::invalid(tr(ctx, Msg::kNoScannerNamed, o.name, names), "NAME"));
  }
  // kopilkad running: it owns the port, so listen to what it publishes.
  auto health = call_daemon(*config, "GET", "/v1/health", "", Token::kNone, 3);
  if (health.ok()) return test_via_daemon(ctx, *config, o);
  // Running on this data_dir, but not where the config says: it holds the port all the same,
  // and the answer says to restart it.
  if (common::InstanceLock::holder(config->data_dir, "kopilkad"))
    return report_error(ctx, health.status());
  core::Json result;
  bool by_signal = false, timed_out = false;
  core::Status s = listen_port(
      *scanner, o.timeout_s * 1000,
      [&](const SeenFrame& f) {
        result = f.outcome.card
                     ? core::Json{{"type", "card_scanned"},
                                  {"card", f.outcome.number},
                                  {"source", f.outcome.source}}
                     : core::Json{{"type", "scan_rejected"}, {"reason", f.outcome.reason}};
        result["scanner"] = o.name;
        result["raw"] = f.raw;
        result["via"] = "port";
        return false;
      },
      &by_signal, &timed_out,
      // Once the port is open: a scan made before would be dropped with what it held.
      [&] { std::cerr << tr(ctx, Msg::kScanNow, o.name, o.timeout_s) << std::endl; });
  if (!s) return report_error(ctx, explain_open_error(ctx, s));
  if (result.is_null())
    return report_error(ctx, core::Status::unavailable(tr(ctx, Msg::kNoScan, o.timeout_s, o.name)));
  return print_test_result(ctx, result);
}

}  // namespace

void add_scanner_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* scanner = app.add_subcommand("scanner", "card scanners on serial ports");
  scanner->require_subcommand(1);
  scanner->add_subcommand("list", "serial ports with their USB ids and serial numbers")
      ->callback([&ctx] { ctx.exit_code = run_scanner_list(ctx); });

  auto lo = std::make_shared<ListenOptions>();
  CLI::App* listen = scanner->add_subcommand(
      "listen", "print every frame a scanner sends and what kopilkad makes of it, until Ctrl-C");
  listen->add_option("NAME", lo->what, "a scanner name from the config, or a port path")
      ->required();
  listen->add_option("--baud", lo->baud, "override the baud rate")->check(CLI::Range(1200, 921600));
  listen->add_option("--count", lo->count, "stop after this many frames")
      ->check(CLI::Range(1, 1000000));
  listen->add_option("--timeout", lo->timeout_s, "stop after this many seconds")
      ->check(CLI::Range(1, 86400));
  listen->callback([&ctx, lo] { ctx.exit_code = run_listen(ctx, *lo); });

  auto to = std::make_shared<TestOptions>();
  CLI::App* test = scanner->add_subcommand(
      "test", "wait for one scan on a configured scanner and say what it was");
  test->add_option("NAME", to->name, "the scanner's name in the config")->required();
  test->add_option("--timeout", to->timeout_s, "seconds to wait")->check(CLI::Range(1, 3600));
  test->callback([&ctx, to] { ctx.exit_code = run_test(ctx, *to); });

  add_scanner_config_commands(*scanner, ctx);
}

}  // namespace kopilka::cli
