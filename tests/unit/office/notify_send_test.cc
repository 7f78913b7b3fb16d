// What the channels put on the wire: the SMS gateway request filled from its template, the
// webhook's signature and delivery id, and the e-mail's headers.
#include <doctest/doctest.h>

#include "common/secrets.h"
#include "office/notify_send.h"

using namespace kopilka;

namespace {

std::string sent_header(const office::HttpCall& call, const std::string& name) {
  for (const auto& [n, v] : call.headers)
    if (n == name) return v;
  return "<none>";
}

}  // namespace

TEST_CASE("an SMS gateway's template is filled, encoded as each place needs") {
  office::SmsChannel json;
  json.url = "https://sms.example/send?to={phone}";
  json.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer k"}};
  json.body = R"({"to": "{phone}", "text": "{text}", "ref": "{id}"})";
  office::SmsMessage m{"+79991234567", "Анна, \"900\" бонусов", "n-1"};
  auto call = office::sms_request(json, m);
  CHECK(call.method == "POST");
  CHECK(call.url == "https://sms.example/send?to=%2B79991234567");
  CHECK(call.body == R"({"to": "+79991234567", "text": "Анна, \"900\" бонусов", "ref": "n-1"})");
  CHECK(sent_header(call, "Authorization") == "Bearer k");

  office::SmsChannel form;
  form.url = "https://gate.example/sms/send";
  form.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  form.body = "phones={phone}&mes={text}";
  auto f = office::sms_request(form, {"+79991234567", "a b&c", "n-2"});
  CHECK(f.body == "phones=%2B79991234567&mes=a%20b%26c");
}

TEST_CASE("a webhook carries the HMAC of its body and the same delivery id every time") {
  office::WebhookTarget t{"https://crm.example/hook", "s3cret", {}};
  const std::string body = R"({"event":"welcome","card":"2000000000015"})";
  auto call = office::webhook_request(t, "welcome", "n-abc", body);
  CHECK(call.body == body);
  CHECK(sent_header(call, "X-Kopilka-Delivery") == "n-abc");
  CHECK(sent_header(call, "X-Kopilka-Signature") ==
        "sha256=" + common::hmac_sha256_hex("s3cret", body));
  CHECK(sent_header(call, "X-Kopilka-Event") == "welcome");
  CHECK(office::webhook_request(t, "welcome", "n-abc", body).headers == call.headers);
}

TEST_CASE("an e-mail: encoded subject, unsubscribe header, base64 UTF-8 text") {
  office::EmailChannel ch;
  ch.from = "Kopilka <noreply@shop.ru>";
  office::EmailMessage m{"anna@example.ru", "Бонусы сгорают", "Текст", "https://o.example/u/t",
                         "n-1"};
  std::string doc = office::email_document(ch, m, "Mon, 30 Nov 2026 10:00:00 +0000");
  CHECK(doc.find("From: Kopilka <noreply@shop.ru>\r\n") != std::string::npos);
  CHECK(doc.find("To: <anna@example.ru>\r\n") != std::string::npos);
  CHECK(doc.find("Subject: =?UTF-8?B?0JHQvtC90YPRgdGLINGB0LPQvtGA0LDRjtGC?=\r\n") !=
        std::string::npos);
  CHECK(doc.find("Message-ID: <n-1@shop.ru>\r\n") != std::string::npos);
  CHECK(doc.find("List-Unsubscribe: <https://o.example/u/t>\r\nList-Unsubscribe-Post: "
                 "List-Unsubscribe=One-Click\r\n") != std::string::npos);
  CHECK(doc.substr(doc.size() - 18) == "0KLQtdC60YHRgg==\r\n");  // "Текст"
  CHECK(office::send_email(ch, {"bad\r\nBcc: x@y", "s", "t", "", "n-2"}).outcome ==
        office::SendOutcome::kFailed);
  // A Russian sender's name is encoded like the subject, not sent as raw 8-bit bytes.
  ch.from = "\"Копилка\" <noreply@shop.ru>";
  doc = office::email_document(ch, m, "Mon, 30 Nov 2026 10:00:00 +0000");
  CHECK(doc.find("From: =?UTF-8?B?0JrQvtC/0LjQu9C60LA=?= <noreply@shop.ru>\r\n") !=
        std::string::npos);
}

TEST_CASE("a send without an answer names the server, never the URL's key") {
  // The delivery log said "Couldn't connect to server", naming nothing.
  using office::SendOutcome;
  using office::unanswered;
  auto down = unanswered(7 /* CURLE_COULDNT_CONNECT */, "smtp://127.0.0.1:2525", 15);
  CHECK(down.outcome == SendOutcome::kRetry);
  CHECK(down.channel_down);
  CHECK(down.reason == "cannot connect to 127.0.0.1:2525 (Couldn't connect to server)");
  auto silent = unanswered(28 /* CURLE_OPERATION_TIMEDOUT */,
                           "https://sms.ru/sms/send?api_id=SECRET-KEY&to=%2B7&msg=x", 15);
  CHECK(silent.reason == "no answer within 15 s from sms.ru:443");
  CHECK(silent.reason.find("SECRET") == std::string::npos);
}
