// Tests of cli/cli_context, the small pieces every command prints with: exit codes,
// masking, URL encoding, and the daemon's error answers turned into statuses.
#include "cli/cli_context.h"

#include <doctest/doctest.h>

namespace kopilka::cli {
namespace {

TEST_CASE("validation errors exit 2, every other failure 1") {
  CHECK(exit_code_for(core::Status::invalid("bad", "point_value")) == kExitUsage);
  CHECK(exit_code_for(core::Status::not_found("no card")) == kExitFailure);
  CHECK(exit_code_for(core::Status::unavailable("daemon down")) == kExitFailure);
  CHECK(exit_code_for(core::Status::corrupt("damaged")) == kExitFailure);
}

TEST_CASE("mask_card keeps the last four digits only") {
  CHECK(mask_card("2000000000015") == "****0015");
  CHECK(mask_card("123") == "****");
}

TEST_CASE("url_encode leaves unreserved characters and encodes the rest") {
  CHECK(url_encode("+79991234567") == "%2B79991234567");
  CHECK(url_encode("a-b_c.d~") == "a-b_c.d~");
  CHECK(url_encode("2026-11-24T12:00:00+03:00") == "2026-11-24T12%3A00%3A00%2B03%3A00");
}

TEST_CASE("daemon error answers become statuses with the field named") {
  DaemonAnswer bad{
      400,
      {{"error",
        {{"code", "invalid_request"}, {"message", "too many"}, {"field", "lines[0].qty"}}}}};
  core::Status s = daemon_error(bad);
  CHECK(s.code() == core::Code::kInvalid);
  CHECK(s.field() == "lines[0].qty");
  CHECK(s.message() == "too many");
  CHECK(daemon_error({404, {{"error", {{"code", "card_not_found"}, {"message", "no"}}}}}).code() ==
        core::Code::kNotFound);
  CHECK(daemon_error({503, nullptr}).code() == core::Code::kUnavailable);
  CHECK(daemon_error({500, nullptr}).message() == "kopilkad answered HTTP 500");
  CHECK(daemon_error({401, nullptr}).code() == core::Code::kUnavailable);
}

}  // namespace
}  // namespace kopilka::cli
