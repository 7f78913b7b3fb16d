// Secrets for register enrolment: random credentials and codes from OpenSSL's CSPRNG,
// SHA-256 for storing them, and constant-time comparison for checking them.
#pragma once

#include <string>
#include <string_view>

namespace kopilka::common {

std::string random_hex(std::size_t bytes);
// A one-time enrolment code a technician can type: "K7PX-3MQD-9TZA" (no 0/O/1/I).
std::string random_enrol_code();
// A code as typed at a register (lower case, spaces, dashes anywhere or none) in the form
// random_enrol_code() gave it, when it has its twelve symbols; otherwise as typed.
std::string canonical_enrol_code(std::string_view typed);
std::string sha256_hex(std::string_view text);
// HMAC-SHA256 of `data` under `key`, in lowercase hex (webhook signatures).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace kopilka::common
