// Payment card recognition; see payment_card.h. The IIN table follows the networks'
// published ranges; lengths are the ones each network issues, so that a loyalty number
// of another length with the same first digits is not taken for a bank card.
#include "core/payment_card.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/card_number.h"

namespace kopilka::core {
namespace {

struct IinRange {
  int digits;  // how many leading digits `low`/`high` describe
  int low, high;
  std::size_t min_len, max_len;
};

// Visa, Mastercard, Мир, Amex, UnionPay, JCB, Maestro, Discover, Diners Club.
constexpr IinRange kRanges[] = {
    {1, 4, 4, 13, 19},        // Visa (13, 16, 19 issued; 13–19 accepted)
    {2, 51, 55, 16, 16},      // Mastercard
    {4, 2221, 2720, 16, 16},  // Mastercard 2-series
    {4, 2200, 2204, 16, 19},  // Мир
    {2, 34, 34, 15, 15},      // American Express
    {2, 37, 37, 15, 15},      // American Express
    {2, 62, 62, 16, 19},      // UnionPay (Discover's 622126–622925 lies inside)
    {2, 81, 81, 16, 19},      // UnionPay 81-series
    {4, 3528, 3589, 16, 19},  // JCB
    {2, 50, 50, 13, 19},      // Maestro
    {2, 56, 58, 13, 19},      // Maestro
    {2, 67, 67, 13, 19},      // Maestro
    {4, 6304, 6304, 13, 19},  // Maestro (Laser)
    {4, 6011, 6011, 16, 19},  // Discover
    {3, 644, 649, 16, 19},    // Discover
    {2, 65, 65, 16, 19},      // Discover
    {3, 300, 305, 14, 19},    // Diners Club
    {4, 3095, 3095, 14, 19},  // Diners Club
    {2, 36, 36, 14, 19},      // Diners Club
    {2, 38, 39, 14, 19},      // Diners Club
};

int leading(std::string_view digits, int n) {
  int v = 0;
  for (int i = 0; i < n; ++i) v = v * 10 + (digits[static_cast<std::size_t>(i)] - '0');
  return v;
}

}  // namespace

bool is_payment_card_number(std::string_view d) {
  if (d.size() < 13 || d.size() > 19 || !all_digits(d)) return false;
  bool network = false;
  for (const auto& r : kRanges) {
    int v = leading(d, r.digits);
    if (v >= r.low && v <= r.high && d.size() >= r.min_len && d.size() <= r.max_len) {
      network = true;
      break;
    }
  }
  return network && luhn_ok(d);
}

namespace {

// A run of digits as a reader may send a bank card's number: as it is, or zero-padded to a
// fixed width (no network's number starts with 0).
bool is_padded_payment_card_number(std::string_view run, bool barcodes) {
  const std::size_t first = run.find_first_not_of('0');
  if (first == std::string_view::npos) return false;
  std::string_view number = run.substr(first);
  if (barcodes && number.size() == 13 && ean_check_ok(number)) return false;
  return is_payment_card_number(number);
}

bool is_separator(char c) {
  return c == ' ' || c == '-' || c == '.';
}

bool contains_payment_card_number_in(std::string_view bytes, bool barcodes) {
  // The maximal runs of digits; a run joined to the one before it by one separator, as a
  // number is printed ("4111 1111 1111 1111"), is checked together with it too.
  struct Run {
    std::size_t begin, end;
    bool joined;  // one separator from the run before
  };
  std::vector<Run> runs;
  for (std::size_t i = 0; i < bytes.size();) {
    if (bytes[i] < '0' || bytes[i] > '9') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < bytes.size() && bytes[j] >= '0' && bytes[j] <= '9') ++j;
    const bool joined = !runs.empty() && i == runs.back().end + 1 && is_separator(bytes[i - 1]);
    runs.push_back({i, j, joined});
    i = j;
  }
  // Joined runs count as one number only in the groups cards are printed in (4-4-4-4,
  // 4-6-5, 4-6-4, 4-4-4-4-3): 3 to 6 digits each. A POS's own id built of a till, a date
  // and a counter ("4-20261205-000003") was refused one time in ten otherwise.
  const auto printed_group = [&](const Run& r) {
    return r.end - r.begin >= 3 && r.end - r.begin <= 6;
  };
  std::string digits;
  bool found = false;
  for (std::size_t a = 0; a < runs.size() && !found; ++a) {
    digits.clear();
    for (std::size_t b = a; b < runs.size() && (b == a || runs[b].joined); ++b) {
      if (b > a && !(printed_group(runs[b]) && printed_group(runs[a]))) break;
      digits.append(bytes.substr(runs[b].begin, runs[b].end - runs[b].begin));
      if (digits.size() > 64) break;  // past any padded number
      if (is_padded_payment_card_number(digits, barcodes)) {
        found = true;
        break;
      }
    }
  }
  std::fill(digits.begin(), digits.end(), '\0');  // a card's digits do not linger
  return found;
}

}  // namespace

bool contains_payment_card_number(std::string_view bytes) {
  return contains_payment_card_number_in(bytes, false);
}

bool contains_payment_card_number_beside_barcodes(std::string_view bytes) {
  return contains_payment_card_number_in(bytes, true);
}

bool contains_card_track_one(std::string_view bytes) {
  for (std::size_t i = bytes.find("%B"); i != std::string_view::npos; i = bytes.find("%B", i + 1))
    if (i + 2 < bytes.size() && bytes[i + 2] >= '0' && bytes[i + 2] <= '9') return true;
  return false;
}

Status check_free_text(std::string_view text, const std::string& field) {
  if (contains_payment_card_number(text) || contains_card_track_one(text))
    return Status::invalid(
        "looks like a bank card's number or its stripe: this text is kept, shown to staff and "
        "sent to every register, and a bank card's data never may be",
        field);
  return Status::ok();
}

bool could_begin_payment_card_number(std::string_view bytes) {
  // The trailing digits as contains_payment_card_number would join them: runs separated by
  // single separators, and one separator after the last run (the next group follows it).
  std::size_t end = bytes.size();
  if (end > 0 && is_separator(bytes[end - 1])) --end;
  std::string digits;
  std::size_t i = end;
  while (i > 0) {
    std::size_t j = i;
    while (j > 0 && bytes[j - 1] >= '0' && bytes[j - 1] <= '9') --j;
    if (j == i) break;
    digits.insert(0, bytes.substr(j, i - j));
    if (digits.size() > 64) break;
    if (j >= 2 && is_separator(bytes[j - 1]) && bytes[j - 2] >= '0' && bytes[j - 2] <= '9')
      i = j - 1;
    else
      break;
  }
  bool could = false;
  const std::size_t first = digits.find_first_not_of('0');
  if (digits.empty() || digits.size() > 64) {
    could = false;
  } else if (first == std::string::npos) {
    could = true;  // zeros so far: a reader's padding before the number
  } else {
    std::string_view d = std::string_view(digits).substr(first);
    for (const auto& r : kRanges) {
      if (d.size() >= r.max_len) continue;
      const int k = std::min<int>(r.digits, static_cast<int>(d.size()));
      int scale = 1;
      for (int n = k; n < r.digits; ++n) scale *= 10;
      const int v = leading(d, k);
      if (v >= r.low / scale && v <= r.high / scale) {
        could = true;
        break;
      }
    }
  }
  std::fill(digits.begin(), digits.end(), '\0');
  return could;
}

}  // namespace kopilka::core
