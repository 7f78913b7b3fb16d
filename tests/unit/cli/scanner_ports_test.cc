// Tests of cli/scanner_ports: scanner bytes as `kopilka scanner listen` shows them.
#include "cli/scanner_ports.h"

#include <doctest/doctest.h>

#include <string>

namespace kopilka::cli {
namespace {

TEST_CASE("scanner bytes are shown escaped") {
  CHECK(escape_bytes("]E02000000000015\r\n") == "]E02000000000015\\r\\n");
  CHECK(escape_bytes(std::string("\x02"
                                 "ab\t\x03",
                                 5)) == "\\x02ab\\t\\x03");
  CHECK(escape_bytes("a\\b") == "a\\\\b");
  CHECK(escape_bytes("\xd0\x96") == "\\xd0\\x96");  // not ASCII: bytes, not text
  CHECK(escape_bytes(std::string(1, '\0')) == "\\x00");
}

}  // namespace
}  // namespace kopilka::cli
