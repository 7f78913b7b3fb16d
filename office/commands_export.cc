// `kopilka-office export customers|cards|journal [--from DATE --to DATE] --out FILE`
// (docs/office.md "Exports"): streams the CSV into FILE a page at a time, with progress on
// stderr. Works while the server runs, on either engine.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "office/commands.h"
#include "office/export.h"
#include "office/storage.h"

namespace kopilka::office {

namespace {

// "12 000": thousands apart, for a person watching.
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

int run_export(const OfficeConfig& config, ExportKind kind, const std::string& from,
               const std::string& to, const std::string& path) {
  ExportOptions options;
  options.kind = kind;
  options.zone = config.settings.zone;
  options.now = wall_clock();
  if (kind != ExportKind::kJournal && (!from.empty() || !to.empty()))
    return command_failed(core::Status::invalid("only the journal is exported by dates", "--from"));
  if (core::Status s = set_export_range(options, from, to, "--from", "--to"); !s)
    return command_failed(s);
  auto store = open_storage(config.storage, config.data_dir, config.settings);
  if (!store) return command_failed(store.status());
  // Written beside, then renamed: a half-written export is never taken for a whole one.
  const std::string partial = path + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) return command_failed(core::Status::invalid("cannot write " + partial, "--out"));
  auto written = export_csv(
      (*store)->sql(), options,
      [&out, &partial](const std::string& chunk) {
        out << chunk;
        return out ? core::Status::ok() : core::Status::unavailable("cannot write " + partial);
      },
      [](const ExportProgress& p) {
        std::cerr << grouped(p.done) << " / " << grouped(p.total) << " rows\n";
      });
  out.close();
  if (!written || !out) {
    std::remove(partial.c_str());
    return command_failed(written ? core::Status::unavailable("cannot write " + partial)
                                  : written.status());
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    return command_failed(core::Status::unavailable("cannot write " + path));
  }
  std::cout << path << ": " << written->rows << " rows\n";
  return 0;
}

}  // namespace

void add_export_commands(Commands& c) {
  auto* exp = c.app.add_subcommand("export", "export customers, cards or the journal as CSV");
  exp->require_subcommand(1);
  for (const char* name : {"customers", "cards", "journal"}) {
    auto* sub = exp->add_subcommand(name, std::string("export ") + name + " as CSV");
    auto out = std::make_shared<std::string>();
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    sub->add_option("--out", *out, "the CSV file to write")->required();
    if (std::string(name) == "journal") {
      sub->add_option("--from", *from, "first day, YYYY-MM-DD (head office's time zone)");
      sub->add_option("--to", *to, "last day, YYYY-MM-DD, included");
    }
    ExportKind kind = *export_kind(name);
    c.on(sub, [kind, from, to, out](const OfficeConfig& config) {
      return run_export(config, kind, *from, *to, *out);
    });
  }
}

}  // namespace kopilka::office
