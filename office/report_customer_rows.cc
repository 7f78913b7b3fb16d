// The lists of each customer's report rows; see report_customer_rows.h.
#include "office/report_customer_rows.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <unordered_map>

#include "office/aggregates_batch.h"
#include "office/sql_chunks.h"

namespace kopilka::office {

using core::Status;

namespace {

constexpr std::string_view kOwnCustomer = "card:";

constexpr char kHomeMark = '@';  // a home card's list names its customer; the table, the card

// A card row's list without the line naming its customer record.
std::string_view list_body(std::string_view text) {
  if (text.empty() || text[0] != kHomeMark) return text;
  const std::size_t end = text.find('\n');
  return end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
}

// The entry of `index` that a read row's key names; end(), with `bad` set, when the read
// handed back a key it was not asked for.
template <typename Index>
auto asked(Index& index, std::string_view key, Status& bad) {
  const auto it = index.find(key);
  if (it == index.end()) bad = Status::corrupt("the report rows read a key they did not ask for");
  return it;
}

// The card `number` of the cards a group writes itself, with its list as read; nullptr: not
// one of them.
const std::optional<std::string>* group_card(const CardRowLists* group, std::string_view number) {
  if (!group) return nullptr;
  const auto it = group->cards.find(std::string(number));
  return it == group->cards.end() ? nullptr : &it->second;
}

// Whether report_customer_rows may hold a card's own customer's list (as migration 027 left
// those whose card had no row). SQLite, which compares the names byte by byte, finds out by
// one seek; PostgreSQL's names may sort by a locale, so there it is taken to hold some.
core::Result<bool> card_lists_in_table(Sql& sql) {
  if (sql.is_postgresql()) return true;
  auto any = sql.query(
      "SELECT 1 FROM report_customer_rows WHERE customer >= 'card:' AND customer < 'card;' "
      "LIMIT 1");
  if (!any) return any.status();
  return !any->empty();
}

}  // namespace

bool card_own_customer(std::string_view customer) {
  return customer.substr(0, kOwnCustomer.size()) == kOwnCustomer;
}

void add_row(CustomerRows& list, core::Day day, std::string_view register_id,
             std::int64_t receipts) {
  auto& rows = list.rows;
  auto it =
      std::lower_bound(rows.begin(), rows.end(), std::pair(day, register_id),
                       [](const CustomerRow& r, const std::pair<core::Day, std::string_view>& k) {
                         return r.day != k.first ? r.day < k.first : r.register_id < k.second;
                       });
  if (it != rows.end() && it->day == day && it->register_id == register_id)
    it->receipts += receipts;
  else
    rows.insert(it, CustomerRow{day, std::string(register_id), receipts});
}

DayCounts receipts_by_day(const CustomerRows& list) {
  DayCounts days;
  for (const CustomerRow& r : list.rows) {
    if (days.empty() || days.back().first != r.day) days.emplace_back(r.day, 0);
    days.back().second += r.receipts;
  }
  return days;
}

std::string rows_text(const CustomerRows& list) {
  std::string out;
  for (const CustomerRow& r : list.rows) {
    out += out.empty() ? "" : "\n";
    out += std::to_string(r.day) + ' ' + std::to_string(r.receipts) + ' ' + r.register_id;
  }
  return out;
}

Status parse_rows(std::string_view text, CustomerRows& into) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    core::Day day = 0;
    std::int64_t receipts = 0;
    const char* const last = line.data() + line.size();
    auto d = std::from_chars(line.data(), last, day);
    if (d.ec != std::errc() || d.ptr == last || *d.ptr != ' ')
      return Status::corrupt("a customer's report rows have a line without its day");
    auto n = std::from_chars(d.ptr + 1, last, receipts);
    if (n.ec != std::errc() || n.ptr == last || *n.ptr != ' ' || n.ptr + 1 == last)
      return Status::corrupt("a customer's report rows have a line without its register");
    add_row(into, day, std::string_view(n.ptr + 1, static_cast<std::size_t>(last - n.ptr - 1)),
            receipts);
  }
  return Status::ok();
}

std::string_view list_owner(std::string_view text) {
  if (text.empty() || text[0] != kHomeMark) return {};
  return text.substr(1, text.find('\n') - 1);
}

core::Result<std::vector<CustomerRows>> read_customer_rows(
    Sql& sql, const std::vector<std::string_view>& customers, const CardRowLists* group,
    const std::vector<std::string_view>* cards) {
  std::vector<CustomerRows> out(customers.size());
  std::unordered_map<std::string_view, std::size_t> by_name, by_card;
  // Home cards to read, with the customers the table says they hold: one, unless a card
  // was given another customer after it held a list (the list's own line says whose).
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_home;
  // Read from the cards' rows; from report_customer_rows: every customer but a card's own
  // whose card's row holds their list, and a customer record whose home card the group
  // holds, as such a list is kept nowhere else.
  std::vector<std::string_view> own_cards, in_table, homes;
  std::deque<std::string> home_numbers;  // what `homes` views, read from the table's rows
  std::vector<std::string_view> free_card(customers.size());  // a customer record's, if free
  std::optional<bool> cards_in_table;
  Status bad = Status::ok();
  // A customer record's list as its home card's row holds it; a row another customer's list
  // took holds none of theirs, which is then kept in the table.
  const auto at_home = [&](std::size_t i, std::string_view card, std::string_view text) {
    CustomerRows& list = out[i];
    if (!text.empty() && list_owner(text) != customers[i]) {
      list.in_table = true;
      return;
    }
    list.card = std::string(card);
    if (Status e = parse_rows(list_body(text), list); !e) bad = e;
  };
  for (std::size_t i = 0; i < customers.size(); ++i) {
    by_name.emplace(customers[i], i);
    if (!card_own_customer(customers[i])) {
      const std::string_view card = cards ? (*cards)[i] : std::string_view();
      if (const auto* known = card.empty() ? nullptr : group_card(group, card); known && *known) {
        if (!(*known)->empty() && list_owner(**known) == customers[i]) {
          at_home(i, card, **known);
          if (!bad) return bad;
          continue;
        }
        // The list's first line names them: an id of more than one line keeps it in the
        // table (customer ids have no control characters, core/card_edit.cc).
        if ((*known)->empty() && customers[i].find('\n') == std::string_view::npos)
          free_card[i] = card;
      }
      in_table.push_back(customers[i]);
      continue;
    }
    if (!cards_in_table) {
      auto any = card_lists_in_table(sql);
      if (!any) return any.status();
      cards_in_table = *any;
    }
    const std::string_view number = customers[i].substr(kOwnCustomer.size());
    if (const auto* known = group_card(group, number)) {
      if (*known && !list_owner(**known).empty()) {  // a customer record's home
        in_table.push_back(customers[i]);
        continue;
      }
      out[i].card = std::string(number);  // the group writes the card's row, made if it had none
      if (*known) {
        if (Status e = parse_rows(**known, out[i]); !e) return e;
        if (!(*known)->empty() || !*cards_in_table) continue;
        in_table.push_back(customers[i]);
        continue;
      }
    }
    own_cards.push_back(number);
    by_card.emplace(number, i);
    if (*cards_in_table) in_table.push_back(customers[i]);
  }
  if (Status e = read_in_chunks(
          sql, "SELECT number, report_rows FROM cards WHERE number IN (", own_cards,
          [&](const SqlCursor& r) {
            const auto it = asked(by_card, r.text(0), bad);
            if (it == by_card.end()) return;
            CustomerRows& list = out[it->second];
            // A cursor's text lasts until its next column is read.
            const std::string_view text = r.is_null(1) ? std::string_view() : r.text(1);
            if (!list_owner(text).empty()) {  // a customer record's home: theirs is in the table
              if (!*cards_in_table) in_table.push_back(customers[it->second]);
              return;
            }
            list.card = std::string(it->first);
            if (Status e = parse_rows(text, list); !e) bad = e;
          });
      !e)
    return e;
  if (!bad) return bad;
  // Cards' own customers too: one whose card had no row yet when its rows were written (a
  // card head office had not saved) has them here.
  if (Status e = read_in_chunks(
          sql, "SELECT customer, rows FROM report_customer_rows WHERE customer IN (", in_table,
          [&](const SqlCursor& r) {
            const auto it = asked(by_name, r.text(0), bad);
            if (it == by_name.end()) return;
            const std::size_t i = it->second;
            CustomerRows& list = out[i];
            const std::string_view text = r.text(1);
            if (!card_own_customer(customers[i]) && !text.empty() && text[0] == kHomeMark) {
              const std::string_view home = text.substr(1);
              if (const auto* known = group_card(group, home); known && *known) {
                at_home(i, home, **known);
              } else {
                auto [at, added] = by_home.try_emplace(home_numbers.emplace_back(home));
                if (added) homes.push_back(at->first);
                at->second.push_back(i);
              }
              return;
            }
            list.in_table = true;
            if (Status e = parse_rows(text, list); !e) bad = e;
          });
      !e)
    return e;
  if (!bad) return bad;
  // Home cards the group does not hold. A row that has gone (never, as cards stay) leaves
  // the list to the table.
  if (Status e = read_in_chunks(
          sql, "SELECT number, report_rows FROM cards WHERE number IN (", homes,
          [&](const SqlCursor& r) {
            const auto it = asked(by_home, r.text(0), bad);
            if (it == by_home.end()) return;
            const std::string_view text = r.is_null(1) ? std::string_view() : r.text(1);
            for (const std::size_t i : it->second) at_home(i, it->first, text);
            by_home.erase(it);
          });
      !e)
    return e;
  if (!bad) return bad;
  for (const auto& [card, holders] : by_home)
    for (const std::size_t i : holders) out[i].in_table = true;
  // A customer record whose list has no home (none yet, or it was taken) takes the free card
  // of theirs the group writes, their list in the table (written before home cards) with them.
  for (std::size_t i = 0; i < customers.size(); ++i) {
    CustomerRows& list = out[i];
    if (free_card[i].empty() || list.on_card()) continue;
    list.in_table = false;
    list.card = std::string(free_card[i]);
    list.new_home = true;
  }
  return out;
}

Status write_customer_rows(Sql& sql, const std::vector<std::string_view>& customers,
                           const std::vector<const CustomerRows*>& lists, CardRowLists* group) {
  // SQLite and PostgreSQL both name a VALUES list's columns column1, column2.
  RowBatch on_cards(sql, "UPDATE cards SET report_rows = v.column2 FROM (VALUES ", "TT",
                    ") AS v WHERE cards.number = v.column1");
  RowBatch in_table(sql, "INSERT INTO report_customer_rows(customer, rows) VALUES ", "TT",
                    "ON CONFLICT (customer) DO UPDATE SET rows = excluded.rows");
  std::vector<std::string_view> emptied;  // from report_customer_rows
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const CustomerRows& list = *lists[i];
    std::string text = rows_text(list);
    if (list.on_card()) {
      // A customer record's list names them; emptied, it leaves the card free, and the
      // table's line still names the card, where an empty list is then read.
      if (!card_own_customer(customers[i]) && !text.empty())
        text = std::string(1, kHomeMark).append(customers[i]).append("\n").append(text);
      if (list.new_home) {
        Status e = in_table.add({SqlParam::borrowed(customers[i]),
                                 SqlParam(std::string(1, kHomeMark).append(list.card))});
        if (!e) return e;
      }
      if (group_card(group, list.card)) {
        group->to_write[list.card] = std::move(text);
      } else {
        Status e = on_cards.add(
            {SqlParam::borrowed(list.card), text.empty() ? SqlParam() : SqlParam(std::move(text))});
        if (!e) return e;
      }
      if (list.in_table && card_own_customer(customers[i])) emptied.push_back(customers[i]);
    } else if (!text.empty()) {
      if (Status e = in_table.add({SqlParam::borrowed(customers[i]), SqlParam(std::move(text))});
          !e)
        return e;
    } else if (list.in_table) {
      emptied.push_back(customers[i]);
    }
  }
  if (Status e = on_cards.write(); !e) return e;
  if (Status e = in_table.write(); !e) return e;
  for (const std::string_view customer : emptied)
    if (Status e = done(sql.run("DELETE FROM report_customer_rows WHERE customer = $1",
                                {SqlParam::borrowed(customer)}));
        !e)
      return e;
  return Status::ok();
}

Status set_first_day(Sql& sql, std::string_view customer, const CustomerRows& list,
                     std::optional<core::Day> first) {
  for (const CustomerRow& row : list.rows)
    if (Status e = done(
            sql.run("UPDATE report_customer_days SET first_day = CAST($4 AS INTEGER) WHERE day = "
                    "CAST($1 AS INTEGER) AND register_id = $2 AND customer = $3",
                    {sql_int(row.day), SqlParam::borrowed(row.register_id),
                     SqlParam::borrowed(customer), first ? sql_int(*first) : SqlParam()}));
        !e)
      return e;
  return Status::ok();
}

}  // namespace kopilka::office
