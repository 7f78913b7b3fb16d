// Tests of common/http_types: the error body and the one mapping of a Status to an HTTP
// status and error code (api.md "Errors").
#include "common/http_types.h"

#include <doctest/doctest.h>

using namespace kopilka;
using core::Json;
using core::Status;

TEST_CASE("error_response: code and message, and the field only when there is one") {
  auto r = common::error_response(400, "invalid_request", "must be positive", "lines[0].qty");
  CHECK(r.status == 400);
  CHECK(r.body == Json::parse(R"({"error": {"code": "invalid_request",
                                           "message": "must be positive",
                                           "field": "lines[0].qty"}})"));
  auto plain = common::error_response(404, "not_found", "no such card");
  CHECK(plain.body ==
        Json::parse(R"({"error": {"code": "not_found", "message": "no such card"}})"));
  CHECK(plain.text.empty());
}

TEST_CASE("status_response maps every code to its HTTP status and error code") {
  struct Case {
    Status status;
    int http;
    const char* code;
  };
  const Case cases[] = {
      {Status::invalid("bad", "qty"), 400, "invalid_request"},
      {Status::not_found("none"), 404, "not_found"},
      {Status::conflict("clash"), 409, "conflict"},
      {Status::unavailable("disk full"), 503, "storage_unavailable"},
      {Status::corrupt("damaged"), 500, "storage_corrupt"},
      {Status::internal("bug"), 500, "internal"},
  };
  for (const auto& c : cases) {
    auto r = common::status_response(c.status);
    CHECK(r.status == c.http);
    CHECK(r.body["error"]["code"] == c.code);
    CHECK(r.body["error"]["message"] == c.status.message());
  }
  CHECK(common::status_response(Status::invalid("bad", "qty")).body["error"]["field"] == "qty");
  // Storage errors carry no field even if one was set.
  CHECK(!common::status_response(Status(core::Code::kUnavailable, "full", "x"))
             .body["error"]
             .contains("field"));
  auto ok = common::status_response(Status::ok());
  CHECK(ok.status == 200);
  CHECK(ok.body == Json::object());
}

TEST_CASE("a bearer token is read whatever the scheme's case, and nothing else is one") {
  using kopilka::common::bearer_token;
  // A POS client sending "bearer" was refused with 401, though the scheme is case-blind.
  CHECK(bearer_token("Bearer pos-token-1") == "pos-token-1");
  CHECK(bearer_token("bearer pos-token-1") == "pos-token-1");
  CHECK(bearer_token("BEARER pos-token-1") == "pos-token-1");
  CHECK(bearer_token("Bearer  pos-token-1") == " pos-token-1");  // a bent token stays bent
  CHECK(bearer_token("Bearer") == "");
  CHECK(bearer_token("Bearer ") == "");
  CHECK(bearer_token("Basic cG9zOnRva2Vu") == "");
  CHECK(bearer_token("Bearerpos-token-1") == "");
  CHECK(bearer_token("") == "");
}
