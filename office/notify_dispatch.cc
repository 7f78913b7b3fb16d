// Sending one queued notification (notify_worker.h): the customer's address and consent,
// quiet hours, the text in the customer's language, the channel, and the verdict recorded
// only while this worker's claim holds. The worker's thread and the look at cards are in
// notify_worker.cc.
#include <spdlog/spdlog.h>

#include "core/card_state_json.h"
#include "office/campaigns.h"
#include "office/notify_events.h"
#include "office/notify_send.h"
#include "office/notify_templates.h"
#include "office/notify_worker.h"
#include "office/notify_zone.h"
#include "office/unsubscribe.h"
#include "office/url_escape.h"

namespace kopilka::office {

namespace {

core::Result<std::optional<core::CardState>> load_card(Sql& sql, const std::string& number) {
  auto rows = sql.query("SELECT state FROM cards WHERE number = $1", {number});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<core::CardState>();
  auto j = core::parse_json_exact(rows->front().text(0));
  if (!j) return core::Status::corrupt("card " + number + " is damaged");
  auto card = core::card_state_from_json(*j);
  if (!card) return card.status();
  return std::optional<core::CardState>(std::move(*card));
}

// Where a customer-facing message goes, or why it must not go.
struct Recipient {
  std::string address;  // e-mail or phone
  std::string name;
  std::string why_not;  // non-empty: suppressed
};

Recipient recipient_for(const core::CardState& card, const std::string& channel) {
  if (!card.customer) return {"", "", "the card has no customer"};
  const core::Customer& c = *card.customer;
  Recipient r{"", c.name, ""};
  if (channel == "sms") {
    if (!c.phone) return {"", c.name, "no phone number"};
    r.address = *c.phone;
    if (!c.consents.sms) r.why_not = "no consent to SMS";
  } else {
    if (!c.email) return {"", c.name, "no e-mail address"};
    r.address = *c.email;
    if (!c.consents.email) r.why_not = "no consent to e-mail";
  }
  return r;
}

// A campaign's own text (its subject and body, with {name} and {card_tail}) in the
// campaign template (`wrapper`, "{text}" unless the marketer changed it: a signature, the
// shop's name). The template's subject serves a campaign without one.
core::Result<MessageText> campaign_text(const MessageText& wrapper, const core::Json& payload,
                                        const std::string& name, core::Locale locale) {
  MessageText own{payload.value("subject", std::string()), payload.value("body", std::string())};
  if (own.subject.empty()) own.subject = wrapper.subject;
  auto text = render_text(own, payload, name, locale);
  if (!text) return text;
  // The wrapper is rendered as the template it is, never the text already rendered: a
  // customer's name holding braces would read as a placeholder there.
  core::Json values = payload;
  values["text"] = text->text;
  auto wrapped = render_text(wrapper, values, name, locale);
  if (!wrapped) return wrapped;
  wrapped->subject = text->subject;
  return wrapped;
}

// A verdict on `m` recorded, or left to the worker that claimed it since (outbox.h).
core::Status noted(const OutboxMessage& m, const core::Result<bool>& recorded) {
  if (!recorded) return recorded.status();
  if (!*recorded)
    spdlog::warn(
        "notifications: {}: its claim ran out before the attempt ended; the worker that "
        "claimed it since records it",
        m.id);
  return core::Status::ok();
}

}  // namespace

core::Instant after_quiet_hours(core::Instant now, const std::optional<QuietHours>& quiet,
                                core::Zone zone) {
  if (!quiet) return now;
  const int minute = core::local_minute_of_day(now, zone);
  const int from = quiet->from_minute, to = quiet->to_minute;
  bool inside = from < to ? (minute >= from && minute < to) : (minute >= from || minute < to);
  if (!inside) return now;
  core::Day day = core::local_day(now, zone);
  if (from > to && minute >= from) day += 1;  // quiet across midnight, evening part
  return core::start_of_day(day, zone) + to * 60;
}

core::Status NotifyWorker::send_to_customer(const OutboxMessage& m, core::Instant now,
                                            std::optional<SendResult>* result) {
  const QueuedMessage& q = m.message;
  const auto& cfg = config_.notify;
  auto card = q.card ? load_card(*sql_, *q.card) : std::optional<core::CardState>();
  if (!card) return card.status();
  if (!card->has_value()) return noted(m, mark_suppressed(*sql_, m, "the card is gone"));
  Recipient to = recipient_for(**card, q.channel);
  if (to.address.empty()) return noted(m, mark_suppressed(*sql_, m, to.why_not));
  // The card's customer as they are now (an edit or a merge since the queueing): the
  // message is theirs, in the log too.
  const std::string customer = (**card).customer->id;
  if (core::Status s = give_to_customer(*sql_, m, customer); !s) return s;
  // The customer's own withdrawal is named as such, rather than as a consent missing.
  auto unsub =
      query_int(*sql_, "SELECT 1 FROM unsubscribed WHERE customer_id = $1 AND channel = $2",
                {customer, q.channel});
  if (!unsub) return unsub.status();
  if (unsub->has_value()) return noted(m, mark_suppressed(*sql_, m, "unsubscribed"));
  if (!to.why_not.empty()) return noted(m, mark_suppressed(*sql_, m, to.why_not));
  // Support's resend (dedupe "resend:…") goes again on purpose; the campaign's own
  // messages ("campaign:…") go once per customer.
  if (q.event == "campaign" && q.dedupe.rfind("campaign:", 0) == 0) {
    auto reached = campaign_reached(*sql_, m, customer);
    if (!reached) return reached.status();
    if (*reached)
      return noted(m, mark_suppressed(*sql_, m,
                                      "the customer has this campaign's message already: "
                                      "two of their cards were queued before they became one"));
  }
  auto customer_tz = customer_zone(*sql_, *q.card, rules_.zone);
  if (!customer_tz) return customer_tz.status();
  const core::Zone zone = *customer_tz;
  // A deferred message says why and until when, in the customer's time.
  auto until = [&](core::Instant go) { return core::format_rfc3339(go, zone); };
  if (core::Instant go = after_quiet_hours(now, cfg.quiet_hours, zone); go > now)
    return noted(m, defer_message(*sql_, m, go, "quiet hours: goes at " + until(go)));
  const core::Day today = core::local_day(now, zone);
  auto sent_today = sent_between(*sql_, customer, core::start_of_day(today, zone),
                                 core::start_of_day(today + 1, zone));
  if (!sent_today) return sent_today.status();
  if (*sent_today >= cfg.max_per_day) {
    const core::Instant go =
        after_quiet_hours(core::start_of_day(today + 1, zone), cfg.quiet_hours, zone);
    return noted(m, defer_message(*sql_, m, go,
                                  "the customer's " + std::to_string(cfg.max_per_day) +
                                      " messages a day were sent: goes at " + until(go)));
  }
  // A level message is sent only while the card holds that level: one that crossed two
  // levels in one burst of entries (a register catching up) got «3 %» and «5 %» in the same
  // second, the first untrue and one of the day's messages spent; a refund may take it back.
  if (q.event == "level_reached") {
    auto programs = load_programs(*sql_);
    if (!programs) return programs.status();
    const std::string program = q.payload.value("program", std::string());
    const std::string percent = q.payload.value("percent", std::string());
    const auto levels = card_levels(**card, *programs, now, rules_);
    if (auto it = levels.find(program); it == levels.end() || it->second != percent)
      return noted(m, mark_suppressed(*sql_, m,
                                      "the card's level is no longer " + percent + " %: " +
                                          (it == levels.end() ? "none" : it->second + " %")));
  }
  // The text tells the card as it is now, not as it was when the event was queued.
  QueuedMessage now_true = q;
  if (q.event != "campaign") {
    auto values = current_values(q.event, q.payload, **card, now, rules_);
    if (!values) return noted(m, mark_suppressed(*sql_, m, "the points no longer burn that day"));
    now_true.payload = std::move(*values);
  }
  auto text =
      q.event == "campaign" ? campaign_text_for(q.payload, to.name) : event_text(now_true, to.name);
  if (!text) return noted(m, mark_attempt_failed(*sql_, m, text.status().message(), std::nullopt));
  std::string unsubscribe;
  if (q.channel == "email" && !cfg.public_url.empty()) {
    auto token = unsubscribe_token(*sql_, customer, "email");
    if (!token) return token.status();
    unsubscribe = cfg.public_url + "/v1/unsubscribe?customer=" + url_escape(customer) +
                  "&channel=email&token=" + *token;
  }
  *result = send_text(m, to.address, *text, unsubscribe);
  return core::Status::ok();
}

core::Result<MessageText> NotifyWorker::event_text(const QueuedMessage& q,
                                                   const std::string& name) {
  auto form = event_template(*sql_, q.event, rules_.locale);
  if (!form) return form.status();
  return render_text(*form, q.payload, name, rules_.locale);
}

core::Result<MessageText> NotifyWorker::campaign_text_for(const core::Json& payload,
                                                          const std::string& name) {
  auto wrapper = event_template(*sql_, "campaign", rules_.locale);
  if (!wrapper) return wrapper.status();
  return campaign_text(*wrapper, payload, name, rules_.locale);
}

SendResult NotifyWorker::send_text(const OutboxMessage& m, const std::string& to,
                                   const MessageText& text, const std::string& unsubscribe) {
  if (m.message.channel == "sms") {
    // Marketing by SMS says how to refuse it, when head office can hear the answer.
    const auto& sms = *config_.notify.sms;
    std::string body = text.text;
    if (m.message.event == "campaign" && !sms.inbound_secret.empty())
      body += rules_.locale == core::Locale::kRu ? " Отказ: СТОП" : " Opt out: STOP";
    return send_sms(sms, {to, body, m.id}, config_.notify.send_timeout);
  }
  std::string body = text.text;
  if (!unsubscribe.empty())
    body += (rules_.locale == core::Locale::kRu ? "\n\nОтписаться: " : "\n\nUnsubscribe: ") +
            unsubscribe;
  return send_email(*config_.notify.email, {to, text.subject, body, unsubscribe, m.id},
                    config_.notify.send_timeout);
}

core::Status NotifyWorker::dispatch(const OutboxMessage& m, core::Instant now) {
  const QueuedMessage& q = m.message;
  const auto& cfg = config_.notify;
  SendResult result;
  if (q.channel == "webhook") {
    const WebhookTarget* target = nullptr;
    for (const auto& w : cfg.webhooks)
      if (w.url == q.target) target = &w;
    if (!target) return noted(m, mark_suppressed(*sql_, m, "the webhook is no longer configured"));
    core::Json body = q.payload;
    body["delivery"] = m.id;
    body["event"] = q.event;
    body["queued_at"] = core::format_rfc3339(m.queued_at, rules_.zone);
    if (q.customer_id) body["customer"] = *q.customer_id;
    result = send_webhook(*target, q.event, m.id, body.dump(), cfg.send_timeout);
  } else {
    if ((q.channel == "email" && !cfg.email) || (q.channel == "sms" && !cfg.sms))
      return noted(m, mark_suppressed(*sql_, m, "the " + q.channel + " channel is not configured"));
    if (!q.target.empty()) {  // a test send to the marketer's own address
      auto text = campaign_text_for(q.payload, "");
      if (!text)
        return noted(m, mark_attempt_failed(*sql_, m, text.status().message(), std::nullopt));
      result = send_text(m, q.target, *text, "");
    } else {
      std::optional<SendResult> sent;
      if (core::Status st = send_to_customer(m, now, &sent); !st || !sent) return st;
      result = *sent;
    }
  }
  // A channel that cannot be reached is said in the log too, once a minute at most: the
  // delivery log alone left the operator guessing why nothing went.
  if (result.channel_down && now >= channel_down_said_[q.channel] + 60) {
    channel_down_said_[q.channel] = now;
    spdlog::warn(
        "notifications: the {} channel is not answering: {}; messages wait and are "
        "tried again",
        q.channel, result.reason);
  }
  switch (result.outcome) {
    case SendOutcome::kSent:
      return noted(m, mark_sent(*sql_, m, now));
    case SendOutcome::kFailed:
      return noted(m, mark_attempt_failed(*sql_, m, result.reason, std::nullopt));
    case SendOutcome::kRetry: {
      auto delay = retry_delay(m.attempts);
      return noted(m, mark_attempt_failed(
                          *sql_, m, result.reason,
                          delay ? std::optional<core::Instant>(now + *delay) : std::nullopt));
    }
  }
  return core::Status::ok();
}

}  // namespace kopilka::office
