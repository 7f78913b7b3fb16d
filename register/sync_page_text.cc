// Reading a pull answer in format 2 (docs/sync.md "Page format 2"): the header line and the
// change lines become the body format 1 would have had, and each card line keeps its state
// as the text head office sent. A card is not read into a tree: the JSON library's SAX
// reader checks the text and finds the two facts the register's cards table indexes (the
// number and the customer's phone); the whole card is read only when this register has
// entries to apply on top of it. Parsing every card into a tree was most of a first sync.
#include <charconv>
#include <string_view>

#include "core/card_number.h"
#include "core/json_exact.h"
#include "register/sync_run.h"

namespace kopilka::daemon {

using core::Json;
using core::Status;

namespace {

// The state's "number" and "customer"."phone", and whether the text is one JSON object.
class CardFacts : public nlohmann::json_sax<Json> {
 public:
  std::optional<std::string> number, phone;
  bool object = false;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& s) override {
    // A scalar follows its key at once, so `key_` is this value's key.
    if (depth_ == 1 && key_ == "number") number = s;
    if (depth_ == 2 && in_customer_ && key_ == "phone") phone = s;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ <= 2) key_ = k;
    return true;
  }
  bool start_object(std::size_t) override {
    if (depth_ == 0) object = true;
    if (depth_ == 1 && key_ == "customer") in_customer_ = true;
    return ++depth_ <= core::kMaxJsonDepth;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return depth_ > 0 && ++depth_ <= core::kMaxJsonDepth; }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool close() {
    if (--depth_ == 1) in_customer_ = false;
    key_.clear();
    return true;
  }
  int depth_ = 0;
  bool in_customer_ = false;
  std::string key_;
};

// "card<TAB>seq<TAB>number<TAB>state" as a change without its state and the card aside;
// a state that does not check goes into the change as it came, for apply to report.
Json read_card_line(std::string_view line, std::optional<PulledCard>* card) {
  line.remove_prefix(5);
  std::size_t t1 = line.find('\t');
  std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
  if (t2 == std::string_view::npos) return Json();
  auto seq = whole_number(line.substr(0, t1));
  if (!seq) return Json();
  std::string number(line.substr(t1 + 1, t2 - t1 - 1));
  std::string_view state = line.substr(t2 + 1);
  Json change = {{"seq", *seq}, {"type", "card"}, {"number", number}};
  auto read = read_card_text(number, state);
  if (read) {
    *card = std::move(*read);
    return change;
  }
  auto tree = core::parse_json_exact(state);  // apply says what is wrong with it
  change["state"] = tree ? std::move(*tree) : Json(std::string(state));
  return change;
}

}  // namespace

std::optional<std::int64_t> whole_number(std::string_view s) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return n;
}

core::Result<PulledCard> read_card_text(const std::string& number, std::string_view text) {
  CardFacts facts;
  if (!Json::sax_parse(text, &facts, nlohmann::detail::input_format_t::json, true) || !facts.object)
    return Status::invalid("is not a JSON object");
  if (!facts.number || *facts.number != number || !core::is_card_number(number))
    return Status::invalid("does not hold the card's number " + core::masked_card(number));
  return PulledCard{std::nullopt, number, facts.phone, std::string(text)};
}

PulledCards read_pulled_page(OfficeAnswer& answer) {
  if (answer.text.empty()) return read_pulled_cards(answer.body);
  std::string_view text = answer.text;
  std::size_t eol = text.find('\n');
  auto head = core::parse_json_exact(text.substr(0, eol));
  answer.body = Json();  // malformed unless the header reads
  if (!head || !head->is_object() || head->value("format", Json()) != 2) return {};
  Json body = Json::object();
  for (const char* key :
       {"next", "more", "remaining", "snapshot", "card_after", "timezone", "settings"})
    if (head->contains(key)) body[key] = (*head)[key];
  Json changes = Json::array();
  PulledCards cards;
  while (eol != std::string_view::npos && eol + 1 < text.size()) {
    std::size_t from = eol + 1;
    eol = text.find('\n', from);
    std::string_view line = text.substr(from, eol == std::string_view::npos ? eol : eol - from);
    if (line.empty()) continue;
    cards.emplace_back();
    if (line.rfind("card\t", 0) == 0) {
      changes.push_back(read_card_line(line, &cards.back()));
    } else {
      auto change = core::parse_json_exact(line);  // other kinds, as in format 1
      changes.push_back(change ? std::move(*change) : Json());
    }
  }
  body["changes"] = std::move(changes);
  answer.body = std::move(body);
  answer.text.clear();
  return cards;
}

}  // namespace kopilka::daemon
