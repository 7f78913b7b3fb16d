// Demo configuration and data; see demo.h. The programs are the seed examples
// (daemon/demo/*.json, embedded at build time).
#include "daemon/demo.h"

#include <filesystem>
#include <fstream>

#include "core/card_edit.h"
#include "core/card_points.h"
#include "daemon/app.h"

namespace kopilka::schema {
const std::vector<std::string>& demo_programs();
}

namespace kopilka::daemon {

core::Result<std::string> prepare_demo_config(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::unavailable("cannot create " + dir + ": " + ec.message());
  std::string path = dir + "/kopilka.toml";
  if (std::filesystem::exists(path)) return path;
  std::ofstream out(path);
  out << "# Kopilka demo register: public demo tokens, loopback only. Not for a real shop.\n"
      << "listen = \"127.0.0.1:8765\"\n"
      << "data_dir = \"" << dir << "/data\"\n"
      << "timezone = \"Europe/Moscow\"\n"
      << "point_value = 100\n"
      << "expiry_warning_days = 7\n"
      << "no_loyalty_categories = [\"tobacco\"]\n"
      << "pos_token = \"" << kDemoPosToken << "\"\n"
      << "admin_token = \"" << kDemoAdminToken << "\"\n";
  if (!out) return Status::unavailable("cannot write " + path);
  out.close();
  // As the package installs a real one: the tokens are public here, but a demo copied into
  // service should not start out readable by everyone.
  std::filesystem::permissions(path,
                               std::filesystem::perms::owner_read |
                                   std::filesystem::perms::owner_write |
                                   std::filesystem::perms::group_read,
                               ec);
  return path;
}

namespace {

struct DemoCard {
  const char* number;
  const char* body;  // an admin card edit
  core::Kopecks spent;
  std::int64_t points;
  int visits;  // visits in the last 60 days
  std::int64_t purchases;
  core::Kopecks wallet = 0;  // money already on the card (a sold gift card)
};

// A coupon's validity moved to start on `today`, keeping its length: the demo coupon
// works on whatever day the demo is created.
Status shift_validity(core::Json& doc, core::Day today) {
  if (!doc.contains("valid") || !doc["valid"].is_object()) return Status::ok();
  core::Json& valid = doc["valid"];
  auto from = core::parse_date(valid.value("from", ""));
  auto to = core::parse_date(valid.value("to", ""));
  if (!from || !to) return Status::corrupt("demo program: valid.from and valid.to are dates");
  valid["from"] = core::format_date(today);
  valid["to"] = core::format_date(today + (*to - *from));
  return Status::ok();
}

// Anna's birthday: three days from `today` (in a leap year, so 29 February exists), so
// that the demo always shows the birthday gift coming due.
std::string anna_birthday(core::Day today) {
  std::string date = core::format_date(today + 3);  // "YYYY-MM-DD"
  return "1992" + date.substr(4);
}

}  // namespace

Status seed_demo(App& app) {
  auto existing = app.store->program_documents();
  if (!existing) return existing.status();
  if (!existing->empty()) return Status::ok();
  // Enrolled, the demo register computes with head office's programs and cards; seeding
  // them again would give its cards balances head office never hears of.
  if (app.config.office) return Status::ok();
  core::Instant now = app.now();
  core::Day today = core::local_day(now, app.config.settings.zone);
  const std::string anna =
      R"({"groups": ["regular"], "customer": {"id": "c-1", "name": "Анна", "phone": "+79991234567", "birthday": ")" +
      anna_birthday(today) + R"("}})";
  const DemoCard cards[] = {
      {"2000000000015", anna.c_str(), 4100000, 755, 2, 12},
      {"2000000000022", R"({"customer": {"id": "c-2", "name": "Борис", "phone": "+79990000002"}})",
       0, 0, 0, 0},
      {"2000000000039",
       R"({"groups": ["discount-card"], "customer": {"id": "c-3", "name": "Вера", "phone": "+79990000003"}})",
       1500000, 120, 1, 4},
      {"2000000000046", R"({"status": "blocked", "customer": {"id": "c-4", "name": "Глеб"}})",
       900000, 50, 0, 3},
      {"2000000000053", R"({"type": "gift", "status": "active"})", 0, 0, 0, 0, 500000},
  };
  return write(app, [&]() -> Status {
    for (const auto& text : schema::demo_programs()) {
      auto doc = core::parse_json_exact(text);
      if (!doc) return Status::corrupt("demo program: " + doc.status().message());
      if (Status s = shift_validity(*doc, today); !s) return s;
      auto put = app.store->put_program(core::program_id(*doc), *doc, now);
      if (!put) return put.status();
    }
    for (const auto& d : cards) {
      core::CardState card;
      card.number = d.number;
      auto edit = core::parse_card_edit(*core::parse_json_exact(d.body));
      if (!edit) return edit.status();
      core::apply_card_edit(card, *edit);
      card.spent = d.spent;
      card.purchases = d.purchases;
      card.wallet = d.wallet;
      for (int i = d.visits; i >= 1; --i) card.visit_days.push_back(today - 20 * i);
      if (d.points > 0) {
        card.lots.push_back(core::new_lot("demo:" + std::string(d.number) + "/0", "cashback-levels",
                                          today - 30, 0, 182, d.points));
      }
      if (Status s = app.store->save_card(card, now); !s) return s;
    }
    return Status::ok();
  });
}

}  // namespace kopilka::daemon
