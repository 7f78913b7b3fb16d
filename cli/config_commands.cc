// `kopilka config get|set|show|check`: reads and edits the register's TOML. Every edit is
// checked by the daemon's own parser before the file is replaced (atomically, its mode
// kept), so a bad value changes nothing and the error names the key.
#include <sys/stat.h>
#include <cctype>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/messages.h"
#include "common/config_util.h"
#include "common/suggest.h"
#include "register/chain_settings.h"
#include "register/store_reader.h"

namespace kopilka::cli {
namespace {

bool is_secret(const std::string& key) {
  return key.size() >= 6 && key.compare(key.size() - 6, 6, "_token") == 0;
}

// One TOML node as JSON (through toml++'s own JSON writer, then our exact parser).
core::Json node_json(const toml::node& node) {
  toml::table wrapper;
  node.visit([&](auto&& n) { wrapper.insert_or_assign("v", n); });
  std::ostringstream out;
  out << toml::json_formatter{wrapper};
  auto parsed = core::parse_json_exact(out.str());
  return parsed ? (*parsed)["v"] : core::Json();
}

// A string setting for a terminal: control bytes (a scanner's STX prefix) as \xNN, the
// way the config and `scanner listen` write them, not sent raw to the screen.
std::string shown(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string node_text(const toml::node& node) {
  if (auto s = node.as_string()) return shown(s->get());
  std::ostringstream out;
  node.visit([&](auto&& n) { out << n; });
  return out.str();
}

// The config as the register uses it: head office's chain settings over the file's (as
// kopilkad applies them), `from_office` naming the keys head office sets.
struct EffectiveConfig {
  daemon::DaemonConfig config;
  std::vector<std::string> from_office;
};

core::Result<EffectiveConfig> effective_config(CliContext& ctx) {
  auto config = load_config(ctx);
  if (!config) return config.status();
  core::Json office = pulled_chain_settings(*config);
  if (auto effective = daemon::with_office_settings(config->settings, office); effective) {
    config->settings = *effective;
    if (office.contains("timezone")) config->timezone = office["timezone"].get<std::string>();
  } else {
    office = core::Json();
  }
  return EffectiveConfig{std::move(*config), daemon::office_setting_keys(office)};
}

// The value head office has set for `key`; nullopt when the file's stands.
std::optional<core::Json> office_value(CliContext& ctx, const std::string& key) {
  auto e = effective_config(ctx);
  if (!e || std::find(e->from_office.begin(), e->from_office.end(), key) == e->from_office.end())
    return std::nullopt;
  core::Json j = daemon::config_to_json(e->config);
  if (!j.contains(key)) return std::nullopt;
  return j[key];
}

// One step of a dotted key: "office", or "scanner[1]" (an array of tables, as the file's
// `at_path` reads it). nullptr when there is no such member.
const core::Json* member_at(const core::Json& value, std::string_view part) {
  std::size_t index = 0;
  bool indexed = false;
  if (auto open = part.find('['); open != std::string_view::npos && part.back() == ']') {
    std::string_view digits = part.substr(open + 1, part.size() - open - 2);
    if (digits.empty() || digits.size() > 6 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos)
      return nullptr;
    index = static_cast<std::size_t>(std::stoul(std::string(digits)));
    indexed = true;
    part = part.substr(0, open);
  }
  if (!value.is_object()) return nullptr;
  auto it = value.find(std::string(part));
  if (it == value.end()) return nullptr;
  if (!indexed) return &*it;
  return it->is_array() && index < it->size() ? &(*it)[index] : nullptr;
}

// A key the file leaves out: its default, as the register uses it (technician.md's
// `config get point_value` on a file without point_value). A key that is none: exit 2 with
// the nearest one.
int run_get_default(CliContext& ctx, const std::string& key) {
  auto e = effective_config(ctx);
  if (!e) return report_error(ctx, e.status());
  const core::Json in_use = daemon::config_to_json(e->config);
  const core::Json* value = &in_use;
  for (std::size_t from = 0; value != nullptr && from <= key.size();) {
    const std::size_t dot = std::min(key.find('.', from), key.size());
    value = member_at(*value, std::string_view(key).substr(from, dot - from));
    from = dot + 1;
  }
  if (value == nullptr || value->is_null()) {
    std::vector<std::string> known(daemon::daemon_config_keys().begin(),
                                   daemon::daemon_config_keys().end());
    std::string message = tr(ctx, Msg::kConfigNoKey, key);
    if (auto near = common::nearest_word(key, known); !near.empty())
      message += say(ctx, "; did you mean ", "; может быть, ") + near + "?";
    return report_error(ctx, core::Status::invalid(message, key));
  }
  if (ctx.json) {
    print_json({{"key", key}, {"value", *value}, {"default", true}});
  } else {
    std::cout << (value->is_string() ? shown(value->get<std::string>()) : value->dump()) << "\n";
    std::cerr << say(ctx, "(the default: the file does not set it)",
                     "(по умолчанию: в файле не задано)")
              << "\n";
  }
  return kExitOk;
}

// The value in use: head office's where it sets the key (so the register computes with it),
// the file's otherwise. The file's own value is still told beside head office's.
int run_get(CliContext& ctx, const std::string& key) {
  auto root = read_config_toml(ctx);
  if (!root) return report_error(ctx, root.status());
  toml::node_view<toml::node> node = root->at_path(key);
  std::optional<core::Json> from_office = office_value(ctx, key);
  if (!node && !from_office) return run_get_default(ctx, key);
  core::Json in_file = !node            ? core::Json()
                       : is_secret(key) ? core::Json("(set)")
                                        : node_json(*node.node());
  if (ctx.json) {
    core::Json out = {{"key", key}, {"value", from_office ? *from_office : in_file}};
    if (from_office) {
      out["from_office"] = true;
      out["file_value"] = in_file;
    }
    print_json(out);
  } else if (from_office) {
    std::cout << (from_office->is_string() ? from_office->get<std::string>() : from_office->dump())
              << "\n";
    std::cerr << say(ctx, "(set by head office; this file says ", "(задано офисом; в файле ")
              << (node ? node_text(*node.node()) : say(ctx, "nothing", "не задано")) << ")\n";
  } else {
    std::cout << (is_secret(key) ? "(set)" : node_text(*node.node())) << "\n";
  }
  return kExitOk;
}

// `\x02` as TOML writes it, `\u0002`: a scanner's STX prefix is written the way its manual
// and `scanner listen` show it, and TOML has no \x escape.
std::string with_u_escapes(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 3 < value.size() && value[i + 1] == 'x' &&
        std::isxdigit(static_cast<unsigned char>(value[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(value[i + 3]))) {
      out += "\\u00";
      out += value.substr(i + 2, 2);
      i += 3;
      continue;
    }
    out += value[i];
  }
  return out;
}

// The value as TOML when it reads as one (9600, true, ["a", "b"], "text"), else as a string,
// so `config set timezone Europe/Moscow` needs no quotes. `\x02`, quoted or not, is the
// byte 02.
toml::table value_table(const std::string& value) {
  try {
    return toml::parse("v = " + value);
  } catch (const toml::parse_error&) {
  }
  const std::string escaped = with_u_escapes(value);
  if (escaped != value) {
    const bool quoted = escaped.size() >= 2 && escaped.front() == '"' && escaped.back() == '"';
    try {
      return toml::parse("v = " + (quoted ? escaped : "\"" + escaped + "\""));
    } catch (const toml::parse_error&) {
    }
  }
  toml::table t;
  t.insert_or_assign("v", value);
  return t;
}

// The command that takes `key` out of this config: with --config when it is not the
// default file, or the copied command would change /etc/kopilka's.
std::string unset_command(const CliContext& ctx, const std::string& key) {
  const std::string config =
      ctx.config_path == CliContext{}.config_path ? "" : " --config " + ctx.config_path;
  return "kopilka" + config + " config unset '" + key + "'";
}

// The line that says how to take an unknown key out (a line of its own, so the error itself
// reads as before in either language).
void say_how_to_unset(const CliContext& ctx, const std::string& key) {
  std::cerr << "kopilka: " << say(ctx, "to remove it: ", "удалить: ") << unset_command(ctx, key)
            << "\n";
}

// A refused file. An unknown key says how to take it out, unless it is the one `config set`
// was just asked for (never written: the message's "did you mean" is the fix).
int report_config_error(CliContext& ctx, const core::Status& status,
                        const std::string& just_set = "") {
  const int exit_code = report_error(ctx, status);
  if (!ctx.json && is_unknown_key(status) && status.field() != just_set)
    say_how_to_unset(ctx, status.field());
  return exit_code;
}

int run_config_set(CliContext& ctx, const std::string& key, const std::string& value) {
  auto root = read_config_toml(ctx);
  if (!root) return report_error(ctx, root.status());
  auto dot = key.rfind('.');
  std::string parent_path = dot == std::string::npos ? "" : key.substr(0, dot);
  std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
  if (leaf.empty() || leaf.find_first_of("[]") != std::string::npos)
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kConfigBadKey), key));
  toml::table* parent = &*root;
  if (!parent_path.empty()) {
    // [office] is written by `kopilka enroll`, with the credential it comes with.
    if (parent_path == "office" && !root->contains("office"))
      return report_error(
          ctx, core::Status::invalid(
                   say(ctx,
                       "this register is not enrolled: [office] is written by kopilka enroll "
                       "--office URL --code CODE (with --ca-file FILE for head office's own CA)",
                       "касса не подключена к офису: раздел [office] пишет kopilka enroll "
                       "--office URL --code КОД (с --ca-file ФАЙЛ для собственного УЦ офиса)"),
                   key));
    parent = root->at_path(parent_path).as_table();
    if (parent == nullptr)
      return report_error(
          ctx, core::Status::invalid(tr(ctx, Msg::kConfigNoKey, parent_path), parent_path));
  }
  toml::table holder = value_table(value);
  if (auto* path = holder["v"].as_string(); key == "office.ca_file" && path)
    *path = path_as_kept(path->get());
  holder["v"].node()->visit([&](auto&& n) { parent->insert_or_assign(leaf, n); });
  auto checked = write_config_toml(ctx, *root, "kopilka config set");
  if (!checked) return report_config_error(ctx, checked.status(), key);
  std::string shown = is_secret(leaf) ? "(set)" : value;
  if (ctx.json) {
    print_json({{"key", key},
                {"value", is_secret(leaf) ? core::Json("(set)") : node_json(*holder["v"].node())},
                {"restart_needed", true}});
  } else {
    std::cout << tr(ctx, Msg::kConfigWritten, ctx.config_path, key, shown) << "\n"
              << tr(ctx, Msg::kConfigRestart) << "\n";
  }
  return kExitOk;
}

// A key the file should not have (a misspelt one the check refuses, or a setting to return
// to its default) is taken out; the rest of the file is validated as `set` does, so a
// required key stays.
int run_config_unset(CliContext& ctx, const std::string& key) {
  auto root = read_config_toml(ctx);
  if (!root) return report_error(ctx, root.status());
  auto dot = key.rfind('.');
  std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
  toml::table* parent =
      dot == std::string::npos ? &*root : root->at_path(key.substr(0, dot)).as_table();
  if (leaf.empty() || leaf.find_first_of("[]") != std::string::npos)
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kConfigBadKey), key));
  if (parent == nullptr || !parent->contains(leaf))
    return report_error(ctx, core::Status::invalid(tr(ctx, Msg::kConfigNoKey, key), key));
  parent->erase(leaf);
  // Another misspelt key left in the file does not keep this one in: each goes in turn.
  auto checked = write_config_toml(ctx, *root, "kopilka config unset", true);
  if (!checked && !is_unknown_key(checked.status())) return report_error(ctx, checked.status());
  if (ctx.json) {
    core::Json out = {{"key", key}, {"removed", true}, {"restart_needed", true}};
    if (!checked)
      out["still_refused"] = {{"message", checked.status().message()},
                              {"field", checked.status().field()}};
    print_json(out);
  } else {
    std::cout << ctx.config_path << say(ctx, ": removed ", ": удалён ключ ") << key << "\n"
              << tr(ctx, Msg::kConfigRestart) << "\n";
    if (!checked) {
      std::cerr << "kopilka: " << say(ctx, "still refused: ", "ещё не принимается: ")
                << checked.status().field() << ": " << checked.status().message() << "\n";
      say_how_to_unset(ctx, checked.status().field());
    }
  }
  return kExitOk;
}

int run_config_show(CliContext& ctx) {
  auto effective = effective_config(ctx);
  if (!effective) return report_error(ctx, effective.status());
  const daemon::DaemonConfig& config = effective->config;
  const std::vector<std::string>& from_office = effective->from_office;
  core::Json j = daemon::config_to_json(config);
  j["from_office"] = from_office;
  if (ctx.json) {
    print_json(j);
    return kExitOk;
  }
  Table table{{tr(ctx, Msg::kColKey), tr(ctx, Msg::kColValue)}, {}};
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "scanner" || it.key() == "office" || it.key() == "from_office") continue;
    std::string value = it->is_string() ? it->get<std::string>() : it->dump();
    if (std::find(from_office.begin(), from_office.end(), it.key()) != from_office.end())
      value += say(ctx, "  (head office)", "  (задано офисом)");
    table.rows.push_back({it.key(), value});
  }
  if (j.contains("office"))
    for (auto it = j["office"].begin(); it != j["office"].end(); ++it)
      table.rows.push_back(
          {"office." + it.key(), it->is_string() ? it->get<std::string>() : it->dump()});
  // Every setting of each scanner, as `config get 'scanner[0].KEY'` names it (the table
  // gave name, port and baud only).
  if (j.contains("scanner") && j["scanner"].is_array())
    for (std::size_t i = 0; i < j["scanner"].size(); ++i)
      for (auto it = j["scanner"][i].begin(); it != j["scanner"][i].end(); ++it)
        table.rows.push_back({"scanner[" + std::to_string(i) + "]." + it.key(),
                              it->is_string() ? shown(it->get<std::string>()) : it->dump()});
  print_table(ctx, table);
  return kExitOk;
}

int run_check(CliContext& ctx) {
  auto config = load_config(ctx);
  if (!config) return report_config_error(ctx, config.status());
  if (ctx.json) {
    print_json({{"config", ctx.config_path}, {"ok", true}, {"warnings", config->warnings}});
  } else {
    std::cout << paint(ctx, Tone::kOk, tr(ctx, Msg::kConfigOk, ctx.config_path)) << "\n";
    for (const auto& w : config->warnings)
      std::cerr << "kopilka: " << paint(ctx, Tone::kWarn, w) << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_config_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* config = app.add_subcommand("config", "read, change and check the register's config");
  config->require_subcommand(1);

  auto key = std::make_shared<std::string>();
  CLI::App* get = config->add_subcommand("get", "print one key (office.url, scanner[0].baud)");
  get->add_option("KEY", *key, "the key")->required();
  get->callback([&ctx, key] { ctx.exit_code = run_get(ctx, *key); });

  auto set_key = std::make_shared<std::string>();
  auto set_value = std::make_shared<std::string>();
  CLI::App* set = config->add_subcommand(
      "set", "change one key; the whole file is validated first and left as it was on error");
  set->add_option("KEY", *set_key, "the key, e.g. point_value or office.url")->required();
  set->add_option("VALUE", *set_value, "a TOML value (9600, true, [\"tobacco\"]) or plain text")
      ->required();
  set->callback(
      [&ctx, set_key, set_value] { ctx.exit_code = run_config_set(ctx, *set_key, *set_value); });

  auto unset_key = std::make_shared<std::string>();
  CLI::App* unset = config->add_subcommand(
      "unset", "remove one key (a misspelt one, or a setting back to its default)");
  unset->add_option("KEY", *unset_key, "the key, e.g. point_value or scanner[0].frame_gap")
      ->required();
  unset->callback([&ctx, unset_key] { ctx.exit_code = run_config_unset(ctx, *unset_key); });

  config->add_subcommand("show", "the whole config, tokens hidden")->callback([&ctx] {
    ctx.exit_code = run_config_show(ctx);
  });
  config->add_subcommand("check", "validate the config (exit 0 ok, 2 with the bad key named)")
      ->callback([&ctx] { ctx.exit_code = run_check(ctx); });
  add_config_secret_command(*config, ctx);
}

}  // namespace kopilka::cli
