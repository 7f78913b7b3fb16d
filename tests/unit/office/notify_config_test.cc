// office.toml's [notify]: quiet hours, the daily limit, channels, and the rule that SMTP
// off this machine must use TLS.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "office/config.h"
#include "test_support/temp_dir.h"

using namespace kopilka;

namespace {

const char* kBase =
    "data_dir = \"/tmp/kopilka-office-notify-test\"\ninsecure_http = true\n"
    "admin_token = \"admin-token-0123456789\"\n";

core::Result<office::OfficeConfig> with_notify(const std::string& notify,
                                               const std::string& dir = "/tmp") {
  return office::parse_office_config(std::string(kBase) + notify, dir);
}

}  // namespace

TEST_CASE("no [notify]: no quiet hours, three messages a day, no channels") {
  auto c = with_notify("");
  REQUIRE(c.ok());
  CHECK_FALSE(c->notify.quiet_hours);
  CHECK(c->notify.max_per_day == 3);
  CHECK_FALSE(c->notify.email);
  CHECK(c->notify.webhooks.empty());
}

TEST_CASE("quiet hours across midnight and the daily limit") {
  auto c = with_notify("[notify]\nquiet_hours = \"21:00-09:00\"\nmax_per_day = 2\n");
  REQUIRE(c.ok());
  REQUIRE(c->notify.quiet_hours);
  CHECK(c->notify.quiet_hours->from_minute == 21 * 60);
  CHECK(c->notify.quiet_hours->to_minute == 9 * 60);
  CHECK(c->notify.max_per_day == 2);
  for (const char* bad : {"\"21-09\"", "\"25:00-09:00\"", "\"09:00-09:00\"", "\"9:00-21:00\""}) {
    auto b = with_notify(std::string("[notify]\nquiet_hours = ") + bad + "\n");
    REQUIRE_FALSE_MESSAGE(b.ok(), bad);
    CHECK(b.status().field() == "notify.quiet_hours");
  }
  CHECK(with_notify("[notify]\nmax_per_day = 0\n").status().field() == "notify.max_per_day");
  CHECK(with_notify("[notify]\nsend = 1\n").status().field() == "notify.send");
}

TEST_CASE("SMTP needs STARTTLS unless the relay is on loopback") {
  // E-mail needs public_url: every e-mail's unsubscribe link points there.
  const auto email = [](const std::string& table) {
    return with_notify("[notify]\npublic_url = \"https://office.shop.ru\"\n[notify.email]\n" +
                       table);
  };
  auto local = email("url = \"smtp://127.0.0.1:2525\"\nfrom = \"a@shop.ru\"\n");
  REQUIRE(local.ok());
  CHECK_FALSE(local->notify.email->require_tls);
  auto remote = email("url = \"smtp://mail.shop.ru:587\"\nfrom = \"a@shop.ru\"\n");
  REQUIRE(remote.ok());
  CHECK(remote->notify.email->require_tls);
  auto smtps = email("url = \"smtps://mail.shop.ru\"\nfrom = \"a@shop.ru\"\n");
  REQUIRE(smtps.ok());
  CHECK_FALSE(smtps->notify.email->require_tls);  // TLS from the first byte
  CHECK(email("url = \"http://x\"\nfrom = \"a@shop.ru\"\n").status().field() == "notify.email.url");
  CHECK(email("url = \"smtp://x:25\"\nfrom = \"nobody\"\n").status().field() ==
        "notify.email.from");
  // Without it e-mail would go out with no way to unsubscribe.
  auto no_link =
      with_notify("[notify.email]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"a@shop.ru\"\n");
  CHECK(no_link.status().field() == "notify.public_url");
}

TEST_CASE("secrets come from private files; webhooks name known events") {
  test::TempDir tmp{"kopilka-notify-config"};
  const std::string secret = tmp.sub("hook.secret");
  std::ofstream(secret) << "s3cret-value\n";
  ::chmod(secret.c_str(), 0600);
  auto c = with_notify(
      "[[notify.webhook]]\nurl = \"https://crm.example/hook\"\nsecret_file = "
      "\"hook.secret\"\nevents = [\"points_burning\", \"welcome\"]\n",
      tmp.path.string());
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  REQUIRE(c->notify.webhooks.size() == 1);
  CHECK(c->notify.webhooks[0].secret == "s3cret-value");
  CHECK(c->notify.webhooks[0].events.size() == 2);
  auto unknown = with_notify(
      "[[notify.webhook]]\nurl = \"https://crm.example/hook\"\nsecret_file = "
      "\"hook.secret\"\nevents = [\"birthday\"]\n",
      tmp.path.string());
  CHECK(unknown.status().field() == "notify.webhook[0].events");
  ::chmod(secret.c_str(), 0644);  // anyone on the machine could sign as head office
  auto open = with_notify(
      "[[notify.webhook]]\nurl = \"https://crm.example/hook\"\nsecret_file = "
      "\"hook.secret\"\n",
      tmp.path.string());
  CHECK(open.status().field() == "notify.webhook[0].secret_file");
}

TEST_CASE("an SMS gateway is a request template") {
  auto c = with_notify(
      "[notify.sms]\nurl = \"https://sms.example/send\"\nmethod = \"POST\"\n"
      "headers = { Authorization = \"Bearer key\", \"Content-Type\" = \"application/json\" }\n"
      "body = '{\"to\": \"{phone}\", \"text\": \"{text}\"}'\n");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  CHECK(c->notify.sms->headers.size() == 2);
  CHECK(c->notify.sms->body == "{\"to\": \"{phone}\", \"text\": \"{text}\"}");
  CHECK(with_notify("[notify.sms]\nurl = \"https://sms.example\"\nmethod = \"PATCH\"\n")
            .status()
            .field() == "notify.sms.method");
  // A mistyped placeholder went to customers as it was ("{txt}"), and the log said sent.
  auto typo = with_notify(
      "[notify.sms]\nurl = \"https://sms.example/send\"\n"
      "body = '{\"to\": \"{phone}\", \"text\": \"{txt}\"}'\n");
  CHECK(typo.status().field() == "notify.sms.body");
  CHECK(typo.status().message() == "{txt} is not a placeholder: use {phone}, {text} or {id}");
  auto no_text = with_notify(
      "[notify.sms]\nurl = \"https://sms.example/send?to={phone}\"\nmethod = \"GET\"\n");
  CHECK(no_text.status().field() == "notify.sms.url");
  CHECK(no_text.status().message().rfind("must carry {text}", 0) == 0);
  // In the url alone (a GET) is as good as in the body.
  CHECK(with_notify("[notify.sms]\nurl = \"https://sms.ru/sms/send?to={phone}&msg={text}\"\n"
                    "method = \"GET\"\n")
            .ok());
}

TEST_CASE("the send timeout is bounded; the gateway's inbound secret comes from a private file") {
  auto c = with_notify("");
  REQUIRE(c.ok());
  CHECK(c->notify.send_timeout == 15);
  auto quick = with_notify("[notify]\nsend_timeout = 3\n");
  REQUIRE(quick.ok());
  CHECK(quick->notify.send_timeout == 3);
  CHECK(with_notify("[notify]\nsend_timeout = 0\n").status().field() == "notify.send_timeout");
  CHECK(with_notify("[notify]\nsend_timeout = 61\n").status().field() == "notify.send_timeout");

  test::TempDir tmp{"kopilka-notify-inbound"};
  const std::string secret = tmp.sub("inbound.secret");
  std::ofstream(secret) << "inbound-secret-0123456789\n";
  ::chmod(secret.c_str(), 0600);
  const std::string sms =
      "[notify.sms]\nurl = \"https://sms.example/send?to={phone}&text={text}\"\n"
      "inbound_secret_file = \"inbound.secret\"\n";
  auto in = with_notify(sms, tmp.path.string());
  REQUIRE_MESSAGE(in.ok(), in.status().message());
  CHECK(in->notify.sms->inbound_secret == "inbound-secret-0123456789");
  std::ofstream(secret) << "short\n";
  CHECK(with_notify(sms, tmp.path.string()).status().field() == "notify.sms.inbound_secret_file");
  auto none = with_notify("[notify.sms]\nurl = \"https://sms.example/send?to={phone}&t={text}\"\n");
  REQUIRE(none.ok());
  CHECK(none->notify.sms->inbound_secret.empty());
}

TEST_CASE("the scan's pace: 200 cards a second unless set; 0 lifts it; absurd values refused") {
  auto c = with_notify("");
  REQUIRE(c.ok());
  CHECK(c->notify.scan_rate == 200);
  auto fast = with_notify("[notify]\nscan_rate = 5000\n");
  REQUIRE(fast.ok());
  CHECK(fast->notify.scan_rate == 5000);
  auto unpaced = with_notify("[notify]\nscan_rate = 0\n");
  REQUIRE(unpaced.ok());
  CHECK(unpaced->notify.scan_rate == 0);
  CHECK(with_notify("[notify]\nscan_rate = -1\n").status().field() == "notify.scan_rate");
  CHECK(with_notify("[notify]\nscan_rate = 1000001\n").status().field() == "notify.scan_rate");
  CHECK(with_notify("[notify]\nscan_rate = \"fast\"\n").status().field() == "notify.scan_rate");
}
