// Tests of cli/messages' help catalogue: every --help text of kopilka's command groups has
// its Russian translation, so a Russian technician never meets an English line in the
// middle of --help.
#include <doctest/doctest.h>

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/messages.h"

namespace kopilka::cli {
namespace {

void collect(const CLI::App* app, std::vector<std::string>& out) {
  out.push_back(app->get_description());
  for (const CLI::Option* o : app->get_options([](const CLI::Option*) { return true; }))
    out.push_back(o->get_description());
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; }))
    collect(sub, out);
}

TEST_CASE("every help text of every command has a Russian translation") {
  CliContext ctx;
  CLI::App app{"kopilka: set up and check a Kopilka register", "kopilka"};
  add_global_options(app, ctx);
  add_init_commands(app, ctx);
  add_config_commands(app, ctx);
  add_scanner_commands(app, ctx);
  add_card_commands(app, ctx);
  add_program_commands(app, ctx);
  add_receipt_commands(app, ctx);
  add_journal_commands(app, ctx);
  add_shift_commands(app, ctx);
  add_doctor_commands(app, ctx);
  add_completion_commands(app, ctx);
  std::vector<std::string> texts;
  collect(&app, texts);
  CHECK(texts.size() > 80);
  for (const auto& en : texts) {
    CAPTURE(en);
    CHECK(help_text(Lang::kRu, en) != en);
    CHECK(help_text(Lang::kEn, en) == en);
  }
}

}  // namespace
}  // namespace kopilka::cli
