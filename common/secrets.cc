// Secrets; see secrets.h.
#include "common/secrets.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>
#include <vector>

namespace kopilka::common {

namespace {
std::vector<unsigned char> random_bytes(std::size_t n) {
  std::vector<unsigned char> out(n);
  // Without entropy nothing secret can be issued; this is a broken machine, not input.
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}
std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}
}  // namespace

std::string random_hex(std::size_t bytes) {
  auto b = random_bytes(bytes);
  return hex(b.data(), b.size());
}

std::string random_enrol_code() {
  static const char* alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";  // 32 symbols
  auto b = random_bytes(12);
  std::string code;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i != 0 && i % 4 == 0) code += '-';
    code += alphabet[b[i] & 31];
  }
  return code;
}

std::string canonical_enrol_code(std::string_view typed) {
  std::string symbols;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t') continue;
    symbols += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (symbols.size() != 12) return std::string(typed);
  std::string code;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i != 0 && i % 4 == 0) code += '-';
    code += symbols[i];
  }
  return code;
}

std::string sha256_hex(std::string_view text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr);
  return hex(md, len);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return hex(md, len);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kopilka::common
