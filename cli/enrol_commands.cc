// `kopilka enroll` (docs/sync.md "Enrolment"): joining head office with a one-time code,
// storing the credential and syncing once, through kopilkad when it runs.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/enrol_report.h"
#include "cli/sync_calls.h"
#include "common/file_sync.h"
#include "register/config_edit.h"
#include "register/credential.h"
#include "register/enrol_upload.h"
#include "register/office_client.h"
#include "register/store.h"

namespace kopilka::cli {
namespace {

using core::Json;
using core::Status;

int run_enroll(CliContext& ctx, const std::string& url, const std::string& code,
               bool upload_programs, const std::string& ca_file) {
  auto config = load_config(ctx);
  if (!config) return report_error(ctx, config.status());
  // The demo's balances were written without receipts, so head office could never get
  // them, and its tokens are public: enrolling it would lose the one and expose the other.
  if (daemon::is_demo_config(*config))
    return report_error(
        ctx, Status::conflict(say(ctx,
                                  "this is the demo register (kopilkad --demo): its tokens are "
                                  "public and its balances have no receipts head office could "
                                  "take; set up the register with kopilka init and enrol that",
                                  "это демо-касса (kopilkad --demo): её токены общеизвестны, а у "
                                  "балансов нет чеков, которые мог бы принять офис; настройте "
                                  "кассу командой kopilka init и подключайте её")));
  if (Status s = daemon::check_office_url(url); !s)
    return report_error(ctx, Status::invalid(s.message(), "--office"));
  daemon::office_client_init();

  // The register keeps the id it has journalled under since its first start.
  bool running = daemon_running(*config);
  std::string register_id;
  if (running) {
    auto health = daemon_json(*config, "GET", "/v1/health", Json(), Token::kNone);
    if (!health) return report_error(ctx, health.status());
    register_id = health->value("register_id", "");
  } else {
    auto store = daemon::Store::open(config->data_dir);
    if (!store) return report_error(ctx, store.status());
    register_id = (*store)->register_id();
  }

  // What the register holds of its own, said even if the sync after enrolment fails.
  std::vector<std::string> local_programs = local_program_ids(config->data_dir);

  daemon::OfficeEndpoint endpoint = endpoint_for(*config, url);
  // Enrolled with this head office already, and its credential still accepted: enrolling
  // again (the first one's output scrolled away) changes nothing and leaves the code unused.
  // A register head office refuses goes on to enrol, as before.
  if (config->office && without_slash(config->office->url) == without_slash(url) &&
      !endpoint.credential.empty()) {
    auto probe = daemon::office_call(
        endpoint, {"GET", "/v1/sync/pull?after=9223372036854775807&limit=1", ""});
    if (probe && probe->status == 200) {
      if (ctx.json) {
        print_json(Json{
            {"register_id", register_id}, {"office", url}, {"enrolled", true}, {"already", true}});
      } else {
        std::cout << paint(ctx, Tone::kOk, say(ctx, "already enrolled", "касса уже подключена"))
                  << say(ctx, " as ", ": ") << register_id << " → " << url
                  << say(ctx,
                         "; head office accepts this register's credential: nothing to do, and "
                         "the code was not used",
                         "; офис принимает ключ этой кассы: делать ничего не нужно, код не "
                         "использован")
                  << "\n";
      }
      return kExitOk;
    }
  }
  endpoint.credential.clear();
  // A head office with a private CA: its certificate is trusted for this enrolment and
  // kept in the config for every sync after it.
  if (!ca_file.empty()) {
    if (::access(ca_file.c_str(), R_OK) != 0)
      return report_error(ctx, Status::invalid("cannot read " + ca_file, "--ca-file"));
    endpoint.ca_file = ca_file;
  }
  const PastOffice before = past_office(config->data_dir);
  Json body = {{"code", code}, {"register_id", register_id}};
  auto answer = daemon::office_call(endpoint, {"POST", "/v1/sync/enroll", body.dump()});
  if (!answer) return report_error(ctx, answer.status());
  if (answer->status != 200 || !answer->body.contains("credential") ||
      !answer->body["credential"].is_string()) {
    std::string why = daemon::office_error_text(*answer);
    // The till's own port given for head office's (8765 for 8443): its answer was about a
    // token, which sent the technician after the code.
    auto health = daemon::office_call(endpoint, {"GET", "/v1/health", ""});
    if (health && health->status == 200 && health_service(health->body) == "kopilkad")
      return report_error(
          ctx, Status::invalid(say(ctx,
                                   "that address is a register's kopilkad, not head office: give "
                                   "head office's address (kopilka-office, port 8443 unless its "
                                   "config says another); the code was not used",
                                   "по этому адресу касса (kopilkad), а не офис: укажите адрес "
                                   "kopilka-office (порт 8443, если в его конфигурации не указан "
                                   "другой); код не использован"),
                               "--office"));
    return report_error(ctx, answer->status == 403 || answer->status == 400
                                 ? Status::invalid(why, "--code")
                                 : Status::unavailable(why));
  }
  std::string credential = answer->body["credential"].get<std::string>();

  // The upload marker before the credential: no sync may run enrolled without having
  // uploaded what this register held (docs/sync.md).
  // Both files are owned like the data dir (the service user's) from the moment they
  // appear, so kopilkad can read them; only root can give them away.
  std::optional<common::FileOwner> owner;
  struct stat dir {};
  if (::geteuid() == 0 && ::stat(config->data_dir.c_str(), &dir) == 0)
    owner = common::FileOwner{dir.st_uid, dir.st_gid};
  std::string marker = daemon::enrol_marker_path(config->data_dir);
  if (Status s = common::write_file_atomically(
          marker,
          daemon::enrol_marker_text(upload_programs ? daemon::EnrolPrograms::kUpload
                                                    : daemon::EnrolPrograms::kReplace) +
              "\n",
          0600, owner);
      !s)
    return report_error(ctx, s);
  // The credential first (0600), then the url in the config: a register with a url but
  // no credential is simply not enrolled yet.
  std::string path = daemon::credential_path(config->data_dir);
  if (Status s = common::write_file_atomically(path, credential + "\n", 0600, owner); !s)
    return report_error(ctx, s);
  auto updated = daemon::set_office_url_in_file(*config, url, path_as_kept(ca_file));
  if (!updated) return report_error(ctx, updated.status());

  auto result = running ? sync_via_daemon(ctx, *updated) : sync_directly(ctx, *updated, url);
  Json out = {
      {"register_id",
       answer->body.contains("register_id") && answer->body["register_id"].is_string()
           ? answer->body["register_id"].get<std::string>()
           : register_id},
      {"office", url},
      {"sync", result ? *result : Json{{"sync", "failed"}, {"error", result.status().message()}}},
      {"settings_replaced", settings_replaced(*config)},
      {"entries_left_behind", entries_left_behind(before, config->data_dir)}};
  if (ctx.json) {
    print_json(out);
  } else {
    std::cout << paint(ctx, Tone::kOk, say(ctx, "enrolled", "касса подключена"))
              << say(ctx, " as ", ": ") << out["register_id"].get<std::string>() << " → " << url
              << "\n";
    print_summary(ctx, out["sync"]);
    print_enrolment(ctx, out["sync"].value("enrolment", Json()), local_programs, upload_programs,
                    local_program_ids(config->data_dir));
    print_settings_replaced(ctx, out["settings_replaced"]);
    print_entries_left_behind(ctx, out["entries_left_behind"].get<std::int64_t>());
  }
  return sync_result_code(out["sync"]);
}

}  // namespace

void add_enrol_command(CLI::App& app, CliContext& ctx) {
  auto* enroll = app.add_subcommand(
      "enroll",
      "join head office with a one-time code, store this register's credential, sync once");
  auto url = std::make_shared<std::string>();
  auto code = std::make_shared<std::string>();
  enroll->add_option("--office", *url, "head office URL (https://…, or http://127.0.0.1:PORT)")
      ->required();
  enroll->add_option("--code", *code, "the one-time code from kopilka-office register add")
      ->required();
  auto upload_programs = std::make_shared<bool>(false);
  enroll->add_flag("--upload-programs", *upload_programs,
                   "send this register's own programs to head office (by default head "
                   "office's programs replace them)");
  auto ca_file = std::make_shared<std::string>();
  enroll->add_option("--ca-file", *ca_file,
                     "the certificate of a head office's own CA (PEM), kept as [office] ca_file");
  enroll->callback([&ctx, url, code, upload_programs, ca_file] {
    ctx.exit_code = run_enroll(ctx, *url, *code, *upload_programs, *ca_file);
  });
}

}  // namespace kopilka::cli
