// Code page conversion through glibc's iconv; see text_encoding.h.
#include "core/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstdio>

namespace kopilka::core {

Result<std::string> windows1251_to_utf8(std::string_view text) {
  iconv_t cd = iconv_open("UTF-8", "CP1251");
  if (cd == reinterpret_cast<iconv_t>(-1))
    return Status::unavailable("Windows-1251 text cannot be converted on this system");
  // A Cyrillic letter is one byte in Windows-1251 and two in UTF-8; the rest at most three.
  std::string out(text.size() * 3 + 4, '\0');
  char* in_at = const_cast<char*>(text.data());  // iconv's interface; it does not write
  std::size_t in_left = text.size();
  char* out_at = out.data();
  std::size_t out_left = out.size();
  std::size_t done = iconv(cd, &in_at, &in_left, &out_at, &out_left);
  int error = errno;
  iconv_close(cd);
  if (done == static_cast<std::size_t>(-1)) {
    std::size_t offset = text.size() - in_left;
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02X",
                  static_cast<unsigned>(static_cast<unsigned char>(text[offset])));
    return Status::invalid("byte " + std::to_string(offset + 1) + " (0x" + hex +
                           ") is neither UTF-8 nor Windows-1251" +
                           (error == EILSEQ ? "" : " (the text ends inside a character)"));
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace kopilka::core
