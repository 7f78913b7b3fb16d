// See doctor_checks.h. Permission checks are made for the service user from the file's
// mode bits, not with access(2), because doctor usually runs as root, who may open anything.
#include "cli/doctor_checks.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/timex.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>

#include "cli/error_text_ru.h"
#include "cli/messages.h"
#include "cli/words.h"
#include "common/config_util.h"
#include "common/instance_lock.h"
#include "register/credential.h"
#include "register/office_client.h"
#include "register/store_reader.h"

namespace kopilka::cli {
namespace {

Check ok(std::string name, std::string message) {
  return {std::move(name), Verdict::kOk, std::move(message), {}};
}
Check warn(std::string name, std::string message, std::string hint) {
  return {std::move(name), Verdict::kWarn, std::move(message), std::move(hint)};
}
Check fail(std::string name, std::string message, std::string hint) {
  return {std::move(name), Verdict::kFail, std::move(message), std::move(hint)};
}

std::int64_t doctor_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string group_name(unsigned gid) {
  const group* g = ::getgrgid(gid);
  return g ? g->gr_name : std::to_string(gid);
}

}  // namespace

ServiceUser service_user() {
  ServiceUser u;
  const passwd* pw = ::getpwnam("kopilka");
  if (pw == nullptr) pw = ::getpwuid(::geteuid());
  if (pw == nullptr) {
    u.name = std::to_string(::geteuid());
    u.uid = ::geteuid();
    u.gid = ::getegid();
    return u;
  }
  u.name = pw->pw_name;
  u.uid = pw->pw_uid;
  u.gid = pw->pw_gid;
  int n = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(n));
  if (::getgrouplist(pw->pw_name, pw->pw_gid, groups.data(), &n) >= 0)
    u.groups.assign(groups.begin(), groups.begin() + n);
  else
    u.groups.push_back(pw->pw_gid);
  return u;
}

bool user_can_read_write(const std::string& path, const ServiceUser& user, bool need_exec) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (user.uid == 0) return true;
  mode_t want_owner = S_IRUSR | S_IWUSR | (need_exec ? S_IXUSR : 0);
  mode_t want_group = S_IRGRP | S_IWGRP | (need_exec ? S_IXGRP : 0);
  mode_t want_other = S_IROTH | S_IWOTH | (need_exec ? S_IXOTH : 0);
  if (st.st_uid == user.uid) return (st.st_mode & want_owner) == want_owner;
  bool in_group = std::find(user.groups.begin(), user.groups.end(), st.st_gid) != user.groups.end();
  if (in_group) return (st.st_mode & want_group) == want_group;
  return (st.st_mode & want_other) == want_other;
}

Check check_config_file(const CliContext& ctx) {
  auto config = load_config(ctx);
  if (!config) {
    const core::Status& s = config.status();
    std::string what =
        (s.field().empty() ? "" : s.field() + ": ") + error_text(ctx.lang, s.message());
    // A refusal that says what to run (a file any user could change: chmod) gets that as
    // its fix, not "edit the key".
    const std::size_t run = s.message().find("; run: ");
    // A key the file should not have is removed, not set: `config set` refuses it.
    const bool unknown = s.message().rfind("unknown key", 0) == 0 && !s.field().empty();
    // Not TOML, or not readable at all: `config set` cannot mend either.
    const bool syntax = s.message().find("not valid TOML") != std::string::npos;
    const bool missing = s.code() == core::Code::kNotFound &&
                         s.message().find(": ") == std::string::npos;  // "cannot read X: why"
    return fail("config", what,
                missing                    ? tr(ctx, Msg::kHintInit)
                : run != std::string::npos ? s.message().substr(run + 7)
                : unknown           ? tr(ctx, Msg::kHintConfigUnset, ctx.config_path, s.field())
                : syntax            ? tr(ctx, Msg::kHintConfigSyntax, ctx.config_path)
                : s.field().empty() ? tr(ctx, Msg::kHintConfigFile, ctx.config_path)
                                    : tr(ctx, Msg::kHintConfigEdit, ctx.config_path));
  }
  // Tokens written inline make the file a secret; token files are secrets themselves.
  std::vector<std::string> secrets;
  auto text = common::read_text_file(ctx.config_path);
  auto root = text ? common::parse_toml(*text) : core::Result<toml::table>(text.status());
  if (root) {
    if (root->contains("pos_token") || root->contains("admin_token"))
      secrets.push_back(ctx.config_path);
    // Resolved as the config's loader resolves them (register/config.cc).
    const std::string parent = std::filesystem::path(ctx.config_path).parent_path().string();
    const std::string base = parent.empty() ? "." : parent;
    for (const char* key : {"pos_token_file", "admin_token_file"})
      if (auto v = (*root)[key].value<std::string>())
        secrets.push_back(common::path_in_config(base, *v));
  }
  for (const auto& path : secrets) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IROTH) != 0)
      return warn("config", tr(ctx, Msg::kConfigReadable, path), "chmod o-r " + path);
  }
  return ok("config", tr(ctx, Msg::kConfigValid, ctx.config_path));
}

Check check_data_dir(const CliContext& ctx, const daemon::DaemonConfig& config,
                     const ServiceUser& user) {
  std::error_code ec;
  // A file where the directory should be: mkdir -p would fail, and so would kopilkad.
  if (std::filesystem::exists(config.data_dir, ec) &&
      !std::filesystem::is_directory(config.data_dir, ec))
    return fail("data_dir",
                say(ctx, "data_dir ", "data_dir ") + config.data_dir +
                    say(ctx, " is a file, not a directory", " — это файл, а не каталог"),
                say(ctx, "point data_dir at a directory (kopilka config set data_dir DIR)",
                    "укажите в data_dir каталог (kopilka config set data_dir КАТАЛОГ)"));
  if (!std::filesystem::is_directory(config.data_dir, ec))
    return fail("data_dir", tr(ctx, Msg::kNoDataDir, config.data_dir),
                "mkdir -p " + config.data_dir + " && chown " + user.name + " " + config.data_dir);
  // The kernel remounts a disk read-only after I/O errors: no permission fixes that, and
  // the database is not damaged for it.
  struct statvfs fs {};
  if (::statvfs(config.data_dir.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0)
    return fail("data_dir",
                config.data_dir +
                    say(ctx,
                        " is on a read-only file system: nothing can be written (receipts are "
                        "refused); the kernel does this after disk errors",
                        " на файловой системе только для чтения: записать ничего нельзя (чеки не "
                        "проводятся); так ядро поступает после ошибок диска"),
                say(ctx,
                    "dmesg | tail; check the disk (fsck) and remount it read-write; do not "
                    "restore a backup for this",
                    "dmesg | tail; проверьте диск (fsck) и смонтируйте его на запись; "
                    "восстанавливать резервную копию не нужно"));
  if (!user_can_read_write(config.data_dir, user, true))
    return fail("data_dir", tr(ctx, Msg::kDataDirNotWritable, config.data_dir, user.name),
                "chown -R " + user.name + " " + config.data_dir);
  return ok("data_dir", tr(ctx, Msg::kDataDirOk, config.data_dir, user.name));
}

Check check_database(const CliContext& ctx, const daemon::DaemonConfig& config) {
  auto db = daemon::StoreReader::open(config.data_dir);
  if (!db) {
    if (db.status().code() == core::Code::kNotFound)
      return warn("database", db.status().message(), tr(ctx, Msg::kHintStartDaemon));
    return fail("database", db.status().message(), tr(ctx, Msg::kHintRunAsRoot));
  }
  auto result = (*db)->quick_check();
  // Only a check that ran and found damage (or a file SQLite calls damaged) is damage; a
  // file that cannot be read at all (a read-only disk, permissions) is not restored over.
  if (!result && result.status().code() != core::Code::kCorrupt)
    return fail(
        "database",
        say(ctx, "cannot read the database: ", "база не читается: ") + result.status().message(),
        say(ctx, "see the data_dir line above; the file itself may be whole",
            "см. строку data_dir выше; сам файл может быть цел"));
  if (!result || *result != "ok") {
    std::string what = result ? *result : result.status().message();
    return fail("database", tr(ctx, Msg::kDbDamaged, what), tr(ctx, Msg::kHintRestore));
  }
  return ok("database", tr(ctx, Msg::kDbOk));
}

Check check_backups(const CliContext& ctx, const daemon::DaemonConfig& config) {
  std::error_code ec;
  std::filesystem::file_time_type newest{};
  std::string newest_path;
  bool any = false;
  for (const auto& e : std::filesystem::directory_iterator(config.data_dir + "/backups", ec)) {
    if (e.path().extension() != ".db") continue;
    auto t = e.last_write_time(ec);
    if (!ec && (!any || t > newest)) {
      newest = t;
      newest_path = e.path().string();
    }
    any = true;
  }
  if (!any) return warn("backups", tr(ctx, Msg::kNoBackups), tr(ctx, Msg::kHintShiftClose));
  auto age = std::chrono::duration_cast<std::chrono::hours>(
                 std::filesystem::file_time_type::clock::now() - newest)
                 .count();
  if (age > 72)
    return warn("backups", tr(ctx, Msg::kOldBackup, age / 24), tr(ctx, Msg::kHintShiftClose));
  // Named, so a technician about to upgrade or restore knows which file it is.
  return ok("backups", tr(ctx, Msg::kBackupAge, age) + ": " + newest_path);
}

// The service runs the default config; for another one, the command that runs it (the
// fix said "systemctl start kopilkad", which starts the register of /etc/kopilka).
std::string daemon_start_hint(const CliContext& ctx, bool running) {
  if (ctx.config_path == CliContext{}.config_path)
    return running ? "systemctl restart kopilkad" : "systemctl start kopilkad";
  return std::string(running ? "stop the kopilkad started with " + ctx.config_path + ", then "
                             : "") +
         "kopilkad --config " + ctx.config_path;
}

Check check_daemon(const CliContext& ctx, const daemon::DaemonConfig& config, core::Json* health) {
  auto answer = call_daemon(config, "GET", "/v1/health", "", Token::kNone, 5);
  if (!answer)
    return fail("kopilkad", answer.status().message(),
                daemon_start_hint(
                    ctx, common::InstanceLock::holder(config.data_dir, "kopilkad").has_value()));
  if (answer->status == 200 && health_service(answer->body) != "kopilkad")
    return fail(
        "kopilkad",
        tr(ctx, Msg::kNotKopilkad, config.listen_host + ":" + std::to_string(config.listen_port),
           health_service(answer->body)),
        "ss -ltnp 'sport = :" + std::to_string(config.listen_port) + "'");
  if (answer->status != 200)
    return fail("kopilkad", daemon_error(*answer).message(), "journalctl -u kopilkad");
  *health = answer->body;
  // The admin token is checked too: a mismatch means the daemon runs another config.
  auto admin = call_daemon(config, "GET", "/v1/admin/config", "", Token::kAdmin, 5);
  if (admin && admin->status == 401)
    return fail("kopilkad", tr(ctx, Msg::kTokenMismatch), "systemctl restart kopilkad");
  std::string db = health->value("db", "");
  if (db != "ok") return fail("kopilkad", tr(ctx, Msg::kDaemonDb, db), tr(ctx, Msg::kHintDisk));
  return ok("kopilkad", tr(ctx, Msg::kDaemonOk, health->value("version", "?"),
                           health->value("register_id", "?"),
                           core::number_text(health->value("pending", core::Json(0)))));
}

std::vector<Check> check_scanners(const CliContext& ctx, const daemon::DaemonConfig& config,
                                  const ServiceUser& user, const core::Json& health) {
  std::vector<Check> out;
  if (config.scanners.empty()) {
    out.push_back(warn("scanners", tr(ctx, Msg::kNoScanners), tr(ctx, Msg::kHintAddScanner)));
    return out;
  }
  for (std::size_t index = 0; index < config.scanners.size(); ++index) {
    const auto& s = config.scanners[index];
    std::string name = "scanner " + s.name;
    std::error_code ec;
    auto device = std::filesystem::canonical(s.port, ec);
    if (ec) {
      out.push_back(fail(name, tr(ctx, Msg::kPortMissing, s.port), tr(ctx, Msg::kHintPlugIn)));
      continue;
    }
    if (!user_can_read_write(device.string(), user, false)) {
      struct stat st {};
      ::stat(device.c_str(), &st);
      std::string group = group_name(st.st_gid);
      // A port of root's group is no group to join (that would hand the service root's
      // files): the port needs a group of its own.
      const std::string fix =
          st.st_gid == 0
              ? say(ctx,
                    "give the port the dialout group (a udev rule with GROUP=\"dialout\", or "
                    "for now chgrp dialout PORT; chmod 660 PORT if the group may not write): "
                    "kopilkad tries the port again by itself",
                    "дайте порту группу dialout (правило udev с GROUP=\"dialout\" или пока "
                    "chgrp dialout ПОРТ; chmod 660 ПОРТ, если группе нельзя писать): kopilkad "
                    "сам попробует порт снова")
              : "usermod -aG " + group + " " + user.name + " && systemctl restart kopilkad";
      out.push_back(fail(name, tr(ctx, Msg::kPortNoAccess, device.string(), user.name), fix));
      continue;
    }
    std::string state;
    std::string message;
    // kopilkad stopped: no health to read, the port checks above still stand.
    const core::Json none = core::Json::array();
    const core::Json& reported =
        health.is_object() && health.contains("scanners") ? health["scanners"] : none;
    for (const auto& h : reported)
      if (h.value("name", "") == s.name) {
        state = h.value("state", "");
        message = h.value("message", "");
      }
    if (!state.empty() && state != "connected") {
      const std::string what =
          tr(ctx, Msg::kScannerNotConnected, device.string(), code_word(ctx, state), message);
      // A scanner in error waits for nothing: a test scan cannot help; the setting named can.
      if (state == "error" && message.find(": baud ") != std::string::npos)
        out.push_back(fail(name, what,
                           "kopilka config set 'scanner[" + std::to_string(index) +
                               "].baud' 9600 && systemctl restart kopilkad"));
      else if (state == "error" && message.find("`port` names") != std::string::npos)
        out.push_back(fail(name, what,
                           "kopilka scanner list, then kopilka config set 'scanner[" +
                               std::to_string(index) + "].port' DEVICE"));
      else if (state == "error")
        out.push_back(fail(name, what, "kopilka scanner test " + s.name));
      else
        out.push_back(warn(name, what, "kopilka scanner test " + s.name));
      continue;
    }
    out.push_back(ok(name, tr(ctx, Msg::kPortOk, device.string(), user.name)));
  }
  return out;
}

Check check_disk(const CliContext& ctx, const daemon::DaemonConfig& config) {
  struct statvfs vfs {};
  std::string path = config.data_dir;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) path = std::filesystem::path(path).parent_path().string();
  if (::statvfs(path.c_str(), &vfs) != 0)
    return warn("disk", tr(ctx, Msg::kDiskUnknown, path), "df -h");
  std::uint64_t free_mb = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize / (1024 * 1024);
  if (free_mb < 100)
    return fail("disk", tr(ctx, Msg::kDiskFree, free_mb, path), tr(ctx, Msg::kHintDisk));
  if (free_mb < 1024)
    return warn("disk", tr(ctx, Msg::kDiskFree, free_mb, path), tr(ctx, Msg::kHintDisk));
  return ok("disk", tr(ctx, Msg::kDiskFree, free_mb, path));
}

Check check_clock(const CliContext& ctx) {
  std::int64_t now = doctor_now();
  // Before 2024 or after 2100 the RTC battery is flat or the clock was set by hand.
  if (now < 1704067200 || now > 4102444800)
    return fail("clock", tr(ctx, Msg::kClockWrong, std::to_string(now)),
                "timedatectl set-ntp true");
  timex tx{};
  int state = ::adjtimex(&tx);
  if (state == TIME_ERROR || (tx.status & STA_UNSYNC) != 0)
    return warn("clock", tr(ctx, Msg::kClockUnsynced), "timedatectl set-ntp true");
  return ok("clock", tr(ctx, Msg::kClockOk));
}

Check check_office(const CliContext& ctx, const daemon::DaemonConfig& config) {
  if (!config.office) return ok("office", tr(ctx, Msg::kOfficeNone));
  const auto& office = *config.office;
  // The very client kopilkad's sync uses: same proxy rule (the config's, never the
  // environment's), CA file, timeouts and error texts.
  daemon::office_client_init();
  auto credential = daemon::read_credential(config.data_dir);
  daemon::OfficeEndpoint endpoint =
      daemon::office_endpoint(office, credential ? *credential : std::string());
  auto health = daemon::office_call(endpoint, {"GET", "/v1/health", ""});
  if (!health) {
    bool tls = health.status().field() == daemon::kOfficeTlsField;
    return fail("office", health.status().message(),
                tls ? tr(ctx, Msg::kHintTls) : tr(ctx, Msg::kHintNetwork));
  }
  if (health->date > 0) {
    // As head office's fleet says it: this register's clock less head office's, so "ahead"
    // is positive. A day or more moves burn dates, birthdays and happy hours: a failure.
    const std::int64_t ahead = doctor_now() - health->date;
    const std::int64_t off = ahead < 0 ? -ahead : ahead;
    constexpr std::int64_t kDay = 24 * 60 * 60;
    if (off > core::kMaxClockSkew) {
      std::string text = tr(ctx, ahead > 0 ? Msg::kOfficeAhead : Msg::kOfficeBehind, office.url,
                            duration_text(ctx, off));
      return off >= kDay ? fail("office", text, "timedatectl set-ntp true")
                         : warn("office", text, "timedatectl set-ntp true");
    }
  }
  bool tls = office.url.rfind("https://", 0) == 0;
  std::string reachable =
      tr(ctx, tls ? Msg::kOfficeOkTls : Msg::kOfficeOk, office.url, health->status);
  // [office] url is written after the credential at enrolment: a url without one is a
  // register that never syncs, or a data_dir mistyped into a new, empty one.
  if (endpoint.credential.empty())
    return fail("office", reachable + "; " + tr(ctx, Msg::kOfficeNotEnrolled, config.data_dir),
                "kopilka enroll --office " + office.url + " --code CODE");
  // A register path with the credential, asking for nothing: the answer says whether head
  // office accepts this register, as the next sync will find out.
  auto probe =
      daemon::office_call(endpoint, {"GET", "/v1/sync/pull?after=9223372036854775807&limit=1", ""});
  if (!probe) return fail("office", probe.status().message(), tr(ctx, Msg::kHintNetwork));
  if (probe->status == 401 || probe->status == 403)
    return fail("office",
                tr(ctx, Msg::kOfficeRefused, office.url, daemon::office_error_text(*probe)),
                tr(ctx, Msg::kHintReenroll, office.url));
  if (probe->status != 200)
    return fail("office",
                tr(ctx, Msg::kOfficeAnswered, office.url, daemon::office_error_text(*probe)),
                tr(ctx, Msg::kHintNetwork));
  return ok("office", reachable + "; " + tr(ctx, Msg::kOfficeAccepted));
}

// One journal entry head office refused is never silently left behind: the others sync
// on, and this check stays a warning until the technician retries or sets it aside.
Check check_refused_entries(const CliContext& ctx, const daemon::DaemonConfig& config) {
  const bool ru = ctx.lang == Lang::kRu;
  auto db = daemon::StoreReader::open(config.data_dir);
  if (!db) return ok("sync refusals", ru ? "базы данных ещё нет" : "no database yet");
  auto n = (*db)->refused_entries();
  if (!n) return warn("sync refusals", n.status().message(), "kopilka sync refused");
  if (*n == 0)
    return ok("sync refusals",
              ru ? "офис принял все отправленные записи" : "head office took every entry sent");
  return warn(
      "sync refusals",
      (ru ? "офис отказался принять записей журнала: " : "journal entries head office refused: ") +
          std::to_string(*n),
      ru ? "kopilka sync refused — список; исправьте и kopilka sync retry ID, или kopilka "
           "sync set-aside ID"
         : "kopilka sync refused lists them; fix and `kopilka sync retry ID`, or `kopilka "
           "sync set-aside ID`");
}

}  // namespace kopilka::cli
