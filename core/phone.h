// Phone numbers as people type them, made E.164 ("+79991234567") so that one customer's
// number is one key whatever the spelling: head office's search, the customers table and
// the admin edit all go through here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kopilka::core {

// Russian numbers in any common spelling become +7 and ten digits: "8 (999) 123-45-67",
// "+7 999 123 45 67", "89991234567", "79991234567", "9991234567", "7-999-123-45-67".
// A number written with + (or 00) and another country code keeps its digits: "+44 20 7946
// 0958" → "+442079460958". Spaces, dashes, dots and brackets are ignored; anything else, or
// a digit count E.164 cannot hold (4 to 15 after +), or the digits of a bank card's number
// (payment_card.h: only a number typed with + can have as many), is not a phone: nullopt.
std::optional<std::string> normalize_phone(std::string_view text);

}  // namespace kopilka::core
