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
  // Whitespace after the value is not part of it: a POS that pads the header got 401.
  CHECK(bearer_token("Bearer pos-token-1 ") == "pos-token-1");
  CHECK(bearer_token("Bearer pos-token-1\t ") == "pos-token-1");
  CHECK(bearer_token("Bearer   ") == "");
  CHECK(bearer_token("Bearer") == "");
  CHECK(bearer_token("Bearer ") == "");
  CHECK(bearer_token("Basic cG9zOnRva2Vu") == "");
  CHECK(bearer_token("Bearerpos-token-1") == "");
  CHECK(bearer_token("") == "");
}

TEST_CASE("a 401 says how to authenticate and a 405 which methods the path takes") {
  auto header = [](const common::HttpResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return std::string();
  };
  auto refused = common::error_response(401, "unauthorized", "a token is required");
  CHECK(header(refused, "WWW-Authenticate") == "Bearer realm=\"kopilka\"");
  CHECK(header(common::error_response(405, "method_not_allowed", "use GET"), "Allow") == "GET");
  CHECK(header(common::error_response(405, "method_not_allowed", "use GET or PUT"), "Allow") ==
        "GET, PUT");
  CHECK(header(common::error_response(405, "method_not_allowed", "use GET, PUT or DELETE"),
               "Allow") == "GET, PUT, DELETE");
  CHECK(common::error_response(400, "invalid_request", "use it").headers.empty());
}

TEST_CASE("a request body after a UTF-8 byte order mark reads as without it") {
  // .NET's default encoder writes one: "malformed JSON at byte 0: Invalid value." before.
  auto j = common::request_json("\xEF\xBB\xBF{\"receipt_id\": \"R-1\"}");
  REQUIRE(j.ok());
  CHECK((*j)["receipt_id"] == "R-1");
  CHECK_FALSE(common::request_json("\xEF\xBB{}").ok());
  auto huge = common::request_json(R"({"lines":[{"price":1e400}]})");
  CHECK(huge.status().field() == "lines[0].price");
}
