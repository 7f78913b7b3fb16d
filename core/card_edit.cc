// Admin card edits; see card_edit.h.
#include "core/card_edit.h"

#include <set>

#include "core/card_number.h"
#include "core/email_address.h"
#include "core/json_fields.h"
#include "core/payment_card.h"
#include "core/phone.h"
#include "core/receipt.h"
#include "core/receipt_request.h"
#include "core/time.h"
#include "core/utf8_length.h"

namespace kopilka::core {

namespace {

Status check_keys(const Json& obj, const std::set<std::string>& known) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!known.count(it.key())) return Status::invalid("unknown field", it.key());
  }
  return Status::ok();
}

Result<std::string> short_string(const Json& v, const std::string& field) {
  auto s = string_value(v, field);
  if (!s) return s;
  if (utf8_length(*s) > kMaxStringLength)
    return Status::invalid("is longer than 256 characters", field);
  return s;
}

}  // namespace

Status check_name_kept(const CardEdit& edit) {
  if (edit.name && edit.name->find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::invalid("must not be blank: a customer keeps a name", "customer.name");
  return Status::ok();
}

Status check_birthday_past(const CardEdit& edit, Day today) {
  if (edit.birthday && day_from_civil(*edit.birthday) > today)
    return Status::invalid("must not be after today", "customer.birthday");
  return Status::ok();
}

Result<CardEdit> parse_card_edit(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  if (Status s = check_keys(body, {"status", "type", "groups", "customer", "referred_by"}); !s)
    return s;
  CardEdit edit;
  if (body.contains("type")) {
    auto text = short_string(body["type"], "type");
    if (!text) return text.status();
    edit.type = card_type_from(*text);
    if (!edit.type) return Status::invalid("must be loyalty or gift", "type");
  }
  if (body.contains("status")) {
    auto text = short_string(body["status"], "status");
    if (!text) return text.status();
    edit.status = card_status_from(*text);
    if (!edit.status) return Status::invalid("must be active, blocked or lost", "status");
  }
  if (body.contains("groups")) {
    const Json& g = body["groups"];
    if (!g.is_array() || g.size() > 64)
      return Status::invalid("must be an array of up to 64 names", "groups");
    std::vector<std::string> groups;
    for (std::size_t i = 0; i < g.size(); ++i) {
      auto name = short_string(g[i], "groups[" + std::to_string(i) + "]");
      if (!name) return name.status();
      if (Status p = check_id_text(*name, "groups[" + std::to_string(i) + "]"); !p) return p;
      groups.push_back(*name);
    }
    edit.groups = std::move(groups);
  }
  if (body.contains("customer")) {
    const Json& c = body["customer"];
    if (!c.is_object()) return Status::invalid("must be an object", "customer");
    if (Status s = check_keys(c, {"id", "name", "phone", "birthday", "email", "consents"}); !s)
      return s.under("customer");
    edit.has_customer = true;
    if (c.contains("id")) {
      auto v = short_string(c["id"], "customer.id");
      if (!v) return v.status();
      // An id travels into every register, log and export, as receipt ids do.
      if (Status p = check_id_text(*v, "customer.id"); !p) return p;
      edit.customer_id = *v;
    }
    if (c.contains("name")) {
      auto v = short_string(c["name"], "customer.name");
      if (!v) return v.status();
      if (Status p = check_free_text(*v, "customer.name"); !p) return p;
      edit.name = *v;
    }
    if (c.contains("phone")) {
      edit.has_phone = true;
      if (!c["phone"].is_null()) {
        auto v = short_string(c["phone"], "customer.phone");
        if (!v) return v.status();
        auto e164 = normalize_phone(*v);
        if (!e164)
          return Status::invalid(
              "must be a phone number: + and 4 to 15 digits, like +79991234567, or a Russian "
              "number like 8 999 123-45-67",
              "customer.phone");
        edit.phone = *e164;
      }
    }
    if (c.contains("birthday")) {
      edit.has_birthday = true;
      if (!c["birthday"].is_null()) {
        auto v = short_string(c["birthday"], "customer.birthday");
        if (!v) return v.status();
        auto day = parse_date(*v);
        if (!day) return Status::invalid(day.status().message(), "customer.birthday");
        edit.birthday = civil_from_day(*day);
      }
    }
    if (c.contains("email")) {
      edit.has_email = true;
      if (!c["email"].is_null()) {
        auto v = short_string(c["email"], "customer.email");
        if (!v) return v.status();
        if (!valid_email(*v))
          return Status::invalid("must be an e-mail address like anna@example.ru",
                                 "customer.email");
        if (Status p = check_free_text(*v, "customer.email"); !p) return p;
        edit.email = *v;
      }
    }
    if (c.contains("consents")) {
      const Json& k = c["consents"];
      if (!k.is_object()) return Status::invalid("must be an object", "customer.consents");
      for (auto it = k.begin(); it != k.end(); ++it) {
        const std::string field = "customer.consents." + it.key();
        std::optional<bool>* channel = it.key() == "email" ? &edit.consent_email
                                       : it.key() == "sms" ? &edit.consent_sms
                                                           : nullptr;
        if (!channel) return Status::invalid("unknown channel; known: email, sms", field);
        if (!it->is_boolean()) return Status::invalid("must be true or false", field);
        *channel = it->get<bool>();
      }
    }
  }
  if (body.contains("referred_by")) {
    const Json& r = body["referred_by"];
    if (!r.is_string() || !is_card_number(r.get<std::string>()))
      return Status::invalid("must be the referrer's card number (4 to 32 digits)", "referred_by");
    edit.referred_by = r.get<std::string>();
  }
  return edit;
}

Status check_referred_by(const CardState& card, const CardEdit& edit, const CardState* referrer) {
  if (!edit.referred_by) return Status::ok();
  const std::string& by = *edit.referred_by;
  if (card.referral && card.referral->by == by) return Status::ok();
  if (by == card.number) return Status::invalid("a card cannot refer itself", "referred_by");
  if (!referrer) return Status::invalid("no card " + by + " to refer from", "referred_by");
  // programs.md "wallet": a gift card holds no points, so it can earn no referrer's share.
  if (referrer->type == CardType::kGift)
    return Status::invalid("card " + by + " is a gift card: it holds no points and refers nobody",
                           "referred_by");
  if (card.purchases > 0 || (card.referral && card.referral->closed))
    return Status::invalid("can only be set before the card's first purchase", "referred_by");
  return Status::ok();
}

Status check_card_type(const CardState& card, const CardEdit& edit, bool is_new) {
  if (edit.type && *edit.type != card.type && !is_new)
    return Status::invalid(std::string("card ") + card.number + " is already a " +
                               to_string(card.type) +
                               " card; a card's type is set when it is created",
                           "type");
  const CardType type = is_new && edit.type ? *edit.type : card.type;
  if (type != CardType::kGift) return Status::ok();
  if (edit.has_customer || card.customer)
    return Status::invalid("a gift card has no customer", "customer");
  if ((edit.groups && !edit.groups->empty()) || (!edit.groups && !card.groups.empty()))
    return Status::invalid("a gift card has no groups", "groups");
  if (edit.referred_by || card.referral)
    return Status::invalid("a gift card has no referrer", "referred_by");
  return Status::ok();
}

Status check_status_kept(const CardState& card, const CardEdit& edit) {
  if (!edit.status || *edit.status == CardStatus::kLost || card.replaced_by.empty() ||
      card.status != CardStatus::kLost)
    return Status::ok();
  return Status::invalid("card " + card.number + " was replaced by " + card.replaced_by +
                             " and stays lost: its points and purchases are on " + card.replaced_by,
                         "status");
}

CardEdit without_customer(CardEdit edit) {
  CardEdit card_only;
  card_only.status = edit.status;
  card_only.type = edit.type;
  card_only.groups = std::move(edit.groups);
  card_only.referred_by = std::move(edit.referred_by);
  return card_only;
}

void apply_card_edit(CardState& card, const CardEdit& edit) {
  if (edit.type) card.type = *edit.type;
  if (edit.referred_by && !(card.referral && card.referral->by == *edit.referred_by))
    card.referral = Referral{*edit.referred_by, false, ""};
  if (edit.status) card.status = *edit.status;
  if (edit.groups) card.groups = *edit.groups;
  if (!edit.has_customer) return;
  // A card given to another person starts from what the edit says of them: the last
  // holder's e-mail, birthday and consents once stayed on it, so the new holder's messages
  // went to the old one's mailbox under a consent the new one never gave. (A customer head
  // office knows is joined with their own contacts first, office/customers.h.)
  if (!card.customer || (edit.customer_id && *edit.customer_id != card.customer->id)) {
    card.customer = Customer{};
    card.customer->id = "c-" + card.number;
  }
  Customer& c = *card.customer;
  if (edit.customer_id) c.id = *edit.customer_id;
  if (edit.name) c.name = *edit.name;
  if (edit.has_phone) c.phone = edit.phone;
  if (edit.has_birthday) c.birthday = edit.birthday;
  if (edit.has_email) c.email = edit.email;
  if (edit.consent_email) c.consents.email = *edit.consent_email;
  if (edit.consent_sms) c.consents.sms = *edit.consent_sms;
}

}  // namespace kopilka::core
