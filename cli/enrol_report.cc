// Texts of `kopilka enroll` about the register's own data; see enrol_report.h.
#include "cli/enrol_report.h"

#include <iostream>

#include "core/engine.h"
#include "register/chain_settings.h"
#include "register/store_reader.h"

namespace kopilka::cli {

using core::Json;

namespace {

// "a, b, c": program ids as the technician reads them.
std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

}  // namespace

std::vector<std::string> local_program_ids(const std::string& data_dir) {
  std::vector<std::string> ids;
  auto db = daemon::StoreReader::open(data_dir);
  if (!db) return ids;
  auto docs = (*db)->program_documents();
  if (!docs) return ids;
  for (const auto& d : *docs) ids.push_back(core::program_id(d));
  return ids;
}

void print_enrolment(const CliContext& ctx, const Json& e,
                     const std::vector<std::string>& local_programs, bool upload_programs,
                     const std::vector<std::string>& programs_now) {
  if (!e.is_object()) {  // the upload waits for the next sync
    if (local_programs.empty()) return;
    std::cout << say(ctx, "local programs ", "программы кассы ") << joined(local_programs) << ": "
              << (upload_programs ? say(ctx, "will be uploaded to head office at the next sync",
                                        "будут отправлены в офис при следующей синхронизации")
                                  : say(ctx,
                                        "will be replaced by head office's programs at the next "
                                        "sync",
                                        "будут заменены программами офиса при следующей "
                                        "синхронизации"))
              << "\n";
    return;
  }
  std::cout << say(ctx, "cards uploaded: ", "карт отправлено: ") << e.value("cards", 0)
            << say(ctx, " (new at head office ", " (новых в офисе ") << e.value("created", 0)
            << say(ctx, ", completed ", ", дополнено ") << e.value("updated", 0) << ")\n";
  const Json& local = e.value("local_programs", Json::array());
  if (!local.empty()) {
    std::vector<std::string> ids;
    for (const auto& id : local)
      if (id.is_string()) ids.push_back(id.get<std::string>());
    bool uploaded = e.value("programs", "") == "uploaded";
    std::cout << say(ctx, "local programs ", "программы кассы ") << joined(ids) << ": "
              << (uploaded ? say(ctx, "uploaded to head office; head office's programs apply now",
                                 "отправлены в офис; теперь действуют программы офиса")
                           : say(ctx,
                                 "replaced by head office's programs (kopilka enroll "
                                 "--upload-programs sends them to head office instead)",
                                 "заменены программами офиса (kopilka enroll --upload-programs "
                                 "отправляет их в офис)"))
              << "\n";
    // Head office had none: the register now gives no discounts and no points at all.
    if (!uploaded && programs_now.empty())
      std::cout << paint(ctx, Tone::kWarn,
                         say(ctx,
                             "head office has no programs yet: this register now applies none; "
                             "add them at head office (web admin, Programs; or each program's "
                             "JSON with PUT /v1/admin/programs/ID)",
                             "в офисе ещё нет программ: касса теперь не применяет ни одной; "
                             "добавьте их в офисе (веб-админка, «Программы»; или JSON каждой "
                             "программы запросом PUT /v1/admin/programs/ID)"))
                << "\n";
  }
  const Json& conflicts = e.value("conflicts", Json::array());
  if (conflicts.empty()) return;
  std::cout << paint(ctx, Tone::kWarn,
                     say(ctx, "conflicts (head office's value kept): ",
                         "расхождения (оставлено значение офиса): "))
            << conflicts.size() << "\n";
  for (const auto& c : conflicts) {
    std::string what = c.contains("card")
                           ? say(ctx, "card ", "карта ") + mask_card(c.value("card", ""))
                           : say(ctx, "program ", "программа ") + c.value("program", "");
    std::cout << "  " << what << " " << c.value("field", "");
    if (c.contains("office"))
      std::cout << say(ctx, ": office ", ": офис ") << c["office"].dump()
                << say(ctx, ", register ", ", касса ") << c.value("register", Json()).dump();
    std::cout << "\n";
  }
}

Json settings_replaced(const daemon::DaemonConfig& file_config) {
  Json replaced = Json::array();
  const Json office = pulled_chain_settings(file_config);
  auto effective = daemon::with_office_settings(file_config.settings, office);
  if (!effective) return replaced;
  daemon::DaemonConfig now = file_config;
  now.settings = *effective;
  const Json mine = daemon::config_to_json(file_config);
  const Json theirs = daemon::config_to_json(now);
  for (const auto& key : daemon::office_setting_keys(office)) {
    if (key == "timezone" || !mine.contains(key) || !theirs.contains(key)) continue;
    if (mine[key] != theirs[key])
      replaced.push_back(Json{{"key", key}, {"register", mine[key]}, {"office", theirs[key]}});
  }
  return replaced;
}

void print_settings_replaced(const CliContext& ctx, const Json& replaced) {
  if (replaced.empty()) return;
  std::cout << paint(ctx, Tone::kWarn,
                     say(ctx, "head office's chain settings replace this register's own:",
                         "настройки сети из офиса заменяют настройки кассы:"))
            << "\n";
  for (const auto& r : replaced)
    std::cout << "  " << r.value("key", "") << ": " << r["register"].dump() << " → "
              << r["office"].dump() << "\n";
  std::cout << say(ctx,
                   "  if the chain needs this register's values, set them at head office (web "
                   "admin, Settings; or PUT /v1/admin/settings)",
                   "  если сети нужны значения кассы, задайте их в офисе (веб-админка, "
                   "«Настройки»; или PUT /v1/admin/settings)")
            << "\n";
}

PastOffice past_office(const std::string& data_dir) {
  PastOffice past;
  auto db = daemon::StoreReader::open(data_dir);
  if (!db) return past;
  auto epoch = (*db)->meta("office_epoch");
  auto acked = (*db)->acked_entries();
  if (epoch) past.epoch = *epoch;
  if (acked) past.acked = *acked;
  return past;
}

std::int64_t entries_left_behind(const PastOffice& before, const std::string& data_dir) {
  if (before.epoch.empty() || before.acked == 0) return 0;
  PastOffice now = past_office(data_dir);
  return now.epoch.empty() || now.epoch == before.epoch ? 0 : before.acked;
}

void print_entries_left_behind(const CliContext& ctx, std::int64_t n) {
  if (n == 0) return;
  std::cout << paint(ctx, Tone::kWarn,
                     say(ctx, "this register synced with another head office before: ",
                         "касса раньше синхронизировалась с другим офисом: "))
            << n
            << say(ctx,
                   " journal entries it acknowledged were not sent here, so its customers' "
                   "points from them are not at this head office. If this head office "
                   "replaces that one (rebuilt without a backup), send them: kopilka sync "
                   "resend-journal",
                   " записей журнала, принятых тем офисом, сюда не отправлены, и баллы "
                   "покупателей по ним в этом офисе не учтены. Если этот офис заменяет тот "
                   "(восстановлен без резервной копии), отправьте их: kopilka sync "
                   "resend-journal")
            << "\n";
}

}  // namespace kopilka::cli
