// STOP replies from the SMS gateway: which words stop, and the call's two body forms.
#include <doctest/doctest.h>

#include "office/sms_inbound.h"

using namespace kopilka;

TEST_CASE("STOP and СТОП in any case, with blanks around, stop; nothing else does") {
  for (const char* yes :
       {"STOP", "stop", "Stop", "  STOP\r\n", "\tstop.", "СТОП", "стоп", "Стоп", " сТоП! "})
    CHECK_MESSAGE(office::is_stop_reply(yes), yes);
  for (const char* no : {"", " ", "STOP IT", "stopped", "S T O P", "СТОПКА", "нет", "STOP STOP",
                         "\xD0\xA1TOP" /* Cyrillic С + Latin TOP */})
    CHECK_FALSE_MESSAGE(office::is_stop_reply(no), no);
}

TEST_CASE("the gateway's call: JSON or a form, the phone in E.164") {
  auto j = office::parse_inbound_sms(R"({"phone": "8 (999) 123-45-67", "text": "СТОП"})");
  REQUIRE(j.ok());
  CHECK(j->phone == "+79991234567");
  CHECK(j->text == "СТОП");
  auto f = office::parse_inbound_sms("phone=%2B79991234567&text=stop+now&other=1");
  REQUIRE(f.ok());
  CHECK(f->phone == "+79991234567");
  CHECK(f->text == "stop now");
  CHECK(office::parse_inbound_sms(R"({"text": "STOP"})").status().field() == "phone");
  CHECK(office::parse_inbound_sms("phone=%2B79991234567").status().field() == "text");
  CHECK(office::parse_inbound_sms(R"({"phone": "call me", "text": "STOP"})").status().field() ==
        "phone");
  CHECK_FALSE(office::parse_inbound_sms("{not json").ok());
}
