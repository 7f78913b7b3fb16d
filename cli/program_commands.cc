// `kopilka program list|show|import|export|validate`. Documents are checked offline with the
// engine's own validator (core::validate_program) before anything is sent, so a bad file is
// refused whole with the bad field named; list/show/export read the database when kopilkad
// is stopped.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/words.h"
#include "common/file_sync.h"
#include "core/engine.h"
#include "core/program.h"
#include "register/store_reader.h"

namespace kopilka::cli {
namespace {

// The documents in a file: one program, an array of them, or {"programs": [...]} (what
// `program export` writes). Every error names the file and the JSON path of the bad field.
struct ProgramFile {
  std::vector<core::Json> documents;
  std::string prefix;  // "", "[i]" or "programs[i]": how a document's field is named
};

core::Result<ProgramFile> read_program_file(const CliContext& ctx, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return core::Status::invalid(tr(ctx, Msg::kCannotRead, file, std::strerror(errno)), "FILE");
  std::stringstream text;
  text << in.rdbuf();
  auto json = core::parse_json_exact(text.str());
  if (!json) return core::Status::invalid(file + ": " + json.status().message());
  ProgramFile out;
  if (json->is_object() && json->contains("programs") && json->size() == 1) {
    if (!(*json)["programs"].is_array())
      return core::Status::invalid(tr(ctx, Msg::kMustBeArray), file + ": programs");
    out.documents = (*json)["programs"].get<std::vector<core::Json>>();
    out.prefix = "programs";
  } else if (json->is_array()) {
    out.documents = json->get<std::vector<core::Json>>();
    out.prefix = "";
  } else {
    out.documents.push_back(*json);
  }
  if (out.documents.empty()) return core::Status::invalid(tr(ctx, Msg::kNoPrograms), file);
  std::set<std::string> ids;
  bool many = json->is_array() || out.prefix == "programs";
  for (std::size_t i = 0; i < out.documents.size(); ++i) {
    std::string where = many ? out.prefix + "[" + std::to_string(i) + "]" : "";
    core::Status s = core::validate_program(out.documents[i]);
    if (!s) {
      s = s.under(where);
      return core::Status::invalid(s.message(),
                                   file + ": " + (s.field().empty() ? where : s.field()));
    }
    std::string id = core::program_id(out.documents[i]);
    if (!ids.insert(id).second)
      return core::Status::invalid(tr(ctx, Msg::kDuplicateProgram, id),
                                   file + ": " + where + ".id");
  }
  // The set as a whole, as the daemon will build it.
  if (auto set = core::ProgramSet::build(out.documents); !set)
    return core::Status::invalid(set.status().message(), file + ": " + set.status().field());
  return out;
}

// Every stored program: from kopilkad, or from the database while it is stopped.
core::Result<std::vector<core::Json>> stored_programs(const CliContext& ctx, bool* offline) {
  auto config = load_config(ctx);
  if (!config) return config.status();
  auto answer = call_daemon(*config, "GET", "/v1/admin/programs", "", Token::kAdmin);
  if (answer) {
    if (answer->status != 200) return daemon_error(*answer);
    *offline = false;
    const core::Json& list = answer->body.value("programs", core::Json::array());
    return list.get<std::vector<core::Json>>();
  }
  auto db = daemon::StoreReader::open(config->data_dir);
  if (!db) return db.status();
  *offline = true;
  return (*db)->program_documents();
}

std::string field_text(const core::Json& doc, const char* key, const char* fallback) {
  if (!doc.contains(key)) return fallback;
  const core::Json& v = doc[key];
  if (v.is_string()) return v.get<std::string>();
  std::string n = core::number_text(v);
  return n.empty() ? v.dump() : n;
}

int run_program_list(CliContext& ctx) {
  bool offline = false;
  auto programs = stored_programs(ctx, &offline);
  if (!programs) return report_error(ctx, programs.status());
  if (ctx.json) {
    print_json({{"programs", *programs}, {"source", offline ? "database" : "kopilkad"}});
    return kExitOk;
  }
  Table t{{"ID", tr(ctx, Msg::kColKind), tr(ctx, Msg::kColEnabled), tr(ctx, Msg::kColPriority),
           tr(ctx, Msg::kColName)},
          {}};
  for (const auto& p : *programs)
    t.rows.push_back({field_text(p, "id", "?"), field_text(p, "kind", "?"),
                      code_word(ctx, field_text(p, "enabled", "true")),
                      field_text(p, "priority", "100"), field_text(p, "name", "")});
  print_table(ctx, t);
  if (offline) std::cout << paint(ctx, Tone::kWarn, tr(ctx, Msg::kOfflineDb)) << "\n";
  return kExitOk;
}

int run_program_show(CliContext& ctx, const std::string& id) {
  bool offline = false;
  auto programs = stored_programs(ctx, &offline);
  if (!programs) return report_error(ctx, programs.status());
  for (const auto& p : *programs)
    if (p.value("id", "") == id) {
      print_json(p);  // a program is a document: shown as the JSON it is stored as
      return kExitOk;
    }
  return report_error(ctx, core::Status::not_found(tr(ctx, Msg::kNotFoundProgram, id)));
}

int run_export(CliContext& ctx, const std::string& output) {
  bool offline = false;
  auto programs = stored_programs(ctx, &offline);
  if (!programs) return report_error(ctx, programs.status());
  core::Json doc = {{"programs", *programs}};
  if (output.empty() || output == "-") {
    print_json(doc);
    return kExitOk;
  }
  std::string text = core::json_plain(doc).dump(2, ' ', false) + "\n";
  if (core::Status s = common::write_file_atomically(output, text, 0644); !s)
    return report_error(ctx, s);
  std::cerr << tr(ctx, Msg::kExported, programs->size(), output) << "\n";
  return kExitOk;
}

int run_validate(CliContext& ctx, const std::string& file) {
  auto parsed = read_program_file(ctx, file);
  if (!parsed) return report_error(ctx, parsed.status(), kExitUsage);
  // What each program does, its limits included, so a technician can read a file back.
  core::Locale locale = ctx.lang == Lang::kRu ? core::Locale::kRu : core::Locale::kEn;
  std::vector<std::string> explained;
  for (const auto& d : parsed->documents) {
    auto p = core::parse_program(d);  // valid: read_program_file checked it
    explained.push_back(p ? core::explain_program(*p, locale) : core::program_id(d));
  }
  if (ctx.json) {
    core::Json ids = core::Json::array();
    for (const auto& d : parsed->documents) ids.push_back(core::program_id(d));
    print_json({{"file", file}, {"ok", true}, {"programs", ids}, {"explained", explained}});
  } else {
    std::cout << paint(ctx, Tone::kOk, tr(ctx, Msg::kProgramsValid, file, parsed->documents.size()))
              << "\n";
    for (const auto& line : explained) std::cout << "  " << line << "\n";
  }
  return kExitOk;
}

int run_program_import(CliContext& ctx, const std::string& file) {
  auto parsed = read_program_file(ctx, file);
  if (!parsed) return report_error(ctx, parsed.status(), kExitUsage);
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  core::Json results = core::Json::array();
  for (const auto& doc : parsed->documents) {
    std::string id = core::program_id(doc);
    auto answer = call_daemon(*config, "PUT", "/v1/admin/programs/" + url_encode(id),
                              core::json_plain(doc).dump(), Token::kAdmin);
    if (!answer) return report_error(ctx, answer.status());
    if (answer->status != 200 && answer->status != 201) {
      core::Status s = daemon_error(*answer);
      // A program's own fault is named by its id; a refusal of every program (an enrolled
      // register takes them from head office) is not this program's.
      if (s.field().empty() && answer->status != 400) return report_error(ctx, s);
      return report_error(ctx, core::Status(s.code(), s.message(),
                                            id + (s.field().empty() ? "" : "." + s.field())));
    }
    bool created = answer->status == 201;
    results.push_back({{"id", id}, {"created", created}});
    if (!ctx.json)
      std::cout << paint(ctx, Tone::kOk,
                         tr(ctx, created ? Msg::kProgramCreated : Msg::kProgramUpdated, id))
                << "\n";
  }
  if (ctx.json) print_json({{"file", file}, {"programs", results}});
  return kExitOk;
}

}  // namespace

void add_program_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* program = app.add_subcommand("program", "loyalty programs: list, check, load, save");
  program->require_subcommand(1);
  program->add_subcommand("list", "every program on this register")->callback([&ctx] {
    ctx.exit_code = run_program_list(ctx);
  });

  auto id = std::make_shared<std::string>();
  CLI::App* show = program->add_subcommand("show", "one program's document (JSON)");
  show->add_option("ID", *id, "the program id")->required();
  show->callback([&ctx, id] { ctx.exit_code = run_program_show(ctx, *id); });

  auto file = std::make_shared<std::string>();
  CLI::App* imp = program->add_subcommand(
      "import", "load programs from a JSON file (one, an array, or an export); all checked first");
  imp->add_option("FILE", *file, "the JSON file")->required();
  imp->callback([&ctx, file] { ctx.exit_code = run_program_import(ctx, *file); });

  auto output = std::make_shared<std::string>();
  CLI::App* exp = program->add_subcommand("export", "every program as one JSON file");
  exp->add_option("-o,--output", *output, "write here instead of stdout");
  exp->callback([&ctx, output] { ctx.exit_code = run_export(ctx, *output); });

  auto vfile = std::make_shared<std::string>();
  CLI::App* val = program->add_subcommand(
      "validate", "check a program file offline; the bad field is named (exit 2)");
  val->add_option("FILE", *vfile, "the JSON file")->required();
  val->callback([&ctx, vfile] { ctx.exit_code = run_validate(ctx, *vfile); });
}

}  // namespace kopilka::cli
