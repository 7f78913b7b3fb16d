// An e-mail address as Kopilka takes one (a customer's, a test send's): one plain address,
// something@domain, that a mail server and a person can both read.
#pragma once

#include <string_view>

namespace kopilka::core {

// One '@' with something on both sides and a domain of dotted labels (example.ru, not
// «mail»); no spaces, control bytes, or the characters that make a header hold several
// addresses or a display name (< > , ; " ( )).
bool valid_email(std::string_view address);

}  // namespace kopilka::core
