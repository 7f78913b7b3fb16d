// --help in the technician's language: after every command group has registered, the
// descriptions (written in English beside the options they describe) and CLI11's own
// labels are replaced by their Russian texts from the catalogue when the locale is Russian.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/messages.h"

namespace kopilka::cli {
namespace {

void localize(CLI::App* app, Lang lang) {
  app->description(std::string(help_text(lang, app->get_description())));
  for (CLI::Option* o : app->get_options([](const CLI::Option*) { return true; })) {
    o->description(std::string(help_text(lang, o->get_description())));
    if (o->get_group() == "Options") o->group("Параметры");
  }
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_group() == "Subcommands") sub->group("Команды");
    localize(sub, lang);
  }
}

}  // namespace

void localize_help(CLI::App& app, const CliContext& ctx) {
  if (ctx.lang != Lang::kRu) return;
  localize(&app, ctx.lang);
  auto formatter = app.get_formatter();  // shared by every subcommand
  formatter->label("Usage", "Использование");
  formatter->label("Positionals", "Аргументы");
  formatter->label("OPTIONS", "ПАРАМЕТРЫ");
  formatter->label("SUBCOMMAND", "КОМАНДА");
  // Type names stay ASCII: CLI11 aligns the columns by bytes, and Cyrillic takes two each.
  app.footer("");
}

}  // namespace kopilka::cli
