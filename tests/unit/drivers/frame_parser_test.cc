// Tests of drivers/frame_parser with real frames: barcodes with and without AIM ids,
// magnetic stripe tracks, bank cards, reader errors, noise, split and glued frames.
#include "drivers/frame_parser.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kopilka::drivers;

namespace {

std::vector<FrameOutcome> parse(const std::string& bytes, ScannerConfig config = {}) {
  FrameParser p(config);
  std::vector<FrameOutcome> out;
  p.feed(bytes, 0, out);
  return out;
}

FrameOutcome one(const std::string& bytes, ScannerConfig config = {}) {
  auto out = parse(bytes, config);
  REQUIRE(out.size() == 1);
  return out[0];
}

}  // namespace

TEST_CASE("barcodes: EAN-13, EAN-8, Code 128, AIM ids, QR") {
  auto ean13 = one("2000000000015\r");
  CHECK(ean13.card);
  CHECK(ean13.number == "2000000000015");
  CHECK(ean13.source == "ean13");
  CHECK(one("96385074\n").source == "ean13");  // EAN-8: pos-api.md names the family ean13 only
  CHECK(one("]E496385074\n").source == "ean13");
  auto aim = one("]E02000000000015\r\n");
  CHECK(aim.number == "2000000000015");
  CHECK(aim.source == "ean13");
  CHECK(one("]C012345678\r").source == "code128");
  CHECK(one("]Q1123456789\r").source == "qr");
  CHECK(one("12345678\t").source == "text");  // 8 digits without a valid EAN check digit
}

TEST_CASE("magnetic stripe: track 2 only, and tracks 1+2+3 together") {
  auto t2 = one(";12345678=2912?\r");
  CHECK(t2.card);
  CHECK(t2.number == "12345678");
  CHECK(t2.source == "track2");
  CHECK(one(";98765432?\r").number == "98765432");
  auto all = one("%A98765432^IVANOVA/ANNA^?;98765432=99?;0123?\r");
  CHECK(all.card);
  CHECK(all.number == "98765432");
  CHECK(all.source == "track2");
}

TEST_CASE("a loyalty stripe card that passes Luhn but has no payment IIN is a loyalty card") {
  // 20… is no payment network's range (Mastercard 2221–2720, Мир 2200–2204): with
  // card_check = luhn every valid loyalty number passes Luhn, and must still be read.
  ScannerConfig luhn;
  luhn.card_check = CardCheck::kLuhn;
  auto t2 = one(";2000000000001236=2912?\r", luhn);
  CHECK(t2.card);
  CHECK(t2.number == "2000000000001236");
  auto t1 = one("%A2000000000001236^IVANOVA/ANNA^?\r", luhn);
  CHECK(t1.card);
  CHECK(t1.number == "2000000000001236");
}

TEST_CASE("bank payment cards are rejected and their numbers appear nowhere") {
  auto track1 = one("%B4111111111111111^IVANOV/IVAN^25121010000000000000?\r");
  CHECK_FALSE(track1.card);
  CHECK(track1.reason == "payment_card");
  CHECK(track1.number.empty());
  auto track2 = one(";4111111111111111=25121010000000000000?\r");
  CHECK(track2.reason == "payment_card");
  CHECK(track2.number.empty());
  CHECK(track2.source.empty());
  auto both = one("%B5500000000000004^PETROV/P^2612101?;5500000000000004=2612101?\r");
  CHECK(both.reason == "payment_card");
}

TEST_CASE("a bare bank card number is rejected from any scanner, whatever card_pattern says") {
  ScannerConfig any;
  any.card_pattern = "^.*$";
  ScannerConfig barcode = any;
  barcode.kind = ScannerKind::kBarcode;
  ScannerConfig msr = any;
  msr.kind = ScannerKind::kMsr;
  for (const ScannerConfig& c : {any, barcode, msr}) {
    for (const char* bank :
         {"4111111111111111", "5555555555554444", "2221000000000009", "2200000000000004",
          "378282246310005", "6200000000000005", "3530111333300000", "6759649826438453",
          "6011111111111117", "30569309025904"}) {
      auto o = one(std::string(bank) + "\r", c);
      CHECK_FALSE(o.card);
      CHECK(o.reason == "payment_card");
      CHECK(o.number.empty());
      CHECK(o.source.empty());
    }
    CHECK(one("]E04111111111111111\r", c).reason == "payment_card");  // behind an AIM id
    CHECK(one("]C0CARD4111111111111111\r", c).reason == "payment_card");
    // Near misses stay loyalty numbers.
    CHECK(one("4111111111111112\r", c).number == "4111111111111112");  // bad Luhn
    CHECK(one("400000000002\r", c).number == "400000000002");          // 12 digits
    CHECK(one("2000000000015\r", c).number == "2000000000015");        // in-store EAN-13
  }
}

TEST_CASE("a bank card swiped through a reader set to barcode is still a bank card") {
  ScannerConfig barcode;
  barcode.kind = ScannerKind::kBarcode;
  barcode.card_pattern = "^.*$";
  CHECK(one("%B4111111111111111^DOE/JOHN^2512101?\r", barcode).reason == "payment_card");
  CHECK(one(";4111111111111111=2512101?\r", barcode).reason == "payment_card");
  // Format B with a number of no known network, and a track 2 with a Maestro IIN (5018)
  // and an expiry/service code.
  CHECK(one("%B9999000011112222^DOE/JOHN^2512101?\r", barcode).reason == "payment_card");
  CHECK(one(";5018000000000009=2512101?\r", barcode).reason == "payment_card");
  // Track data with the sentinels stripped by the reader.
  CHECK(one("B4111111111111111^DOE/JOHN^2512101\r", barcode).reason == "payment_card");
}

TEST_CASE("reader errors, garbage, patterns and check digits") {
  CHECK(one(";E?\r").reason == "read_error");
  CHECK(one("%E?;E?\r").reason == "read_error");
  CHECK(one(std::string("\x01\xff\x13garbage", 10) + "\r").reason == "garbage");
  CHECK(one(";1234\r").reason == "garbage");  // no end sentinel
  // An empty track 1 ("%?") once threw out of the parser (found by the fuzzer).
  CHECK(one("%?\r").reason == "garbage");
  CHECK(one("%?;E?\r").reason == "read_error");
  CHECK(one("ABC-123\r").reason == "bad_pattern");
  // A frame read at the wrong baud rate: bytes above ASCII, which are noise, not a number.
  CHECK(one("\xf8\x80\xf8\r").reason == "garbage");
  CHECK(one("2000\xe2\x80\x94"
            "015\r")
            .reason == "garbage");
  ScannerConfig ean;
  ean.card_check = CardCheck::kEan;
  CHECK(one("2000000000016\r", ean).reason == "bad_check_digit");
  ScannerConfig luhn;
  luhn.card_check = CardCheck::kLuhn;
  CHECK(one("79927398713\r", luhn).card);
}

TEST_CASE("frames split byte by byte, and frames glued together") {
  FrameParser p(ScannerConfig{});
  std::vector<FrameOutcome> out;
  std::string frame = "2000000000015\r";
  for (std::size_t i = 0; i < frame.size(); ++i)
    p.feed(frame.substr(i, 1), static_cast<std::int64_t>(i), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].number == "2000000000015");
  auto glued = parse("2000000000015\r2000000000022\r\n\r\n;12345678=1?\r");
  REQUIRE(glued.size() == 3);
  CHECK(glued[1].number == "2000000000022");
  CHECK(glued[2].number == "12345678");
}

TEST_CASE("over-long frames are rejected once and the parser resynchronises") {
  auto out = parse(std::string(2000, '7') + "\r2000000000015\r");
  REQUIRE(out.size() == 2);
  CHECK(out[0].reason == "too_long");
  CHECK(out[1].number == "2000000000015");
}

TEST_CASE("prefix, suffix and a frame gap instead of a terminator") {
  ScannerConfig c;
  c.prefix = "\x02";
  c.suffix = "#";
  c.terminator = Terminator::kNone;
  c.frame_gap_ms = 50;
  FrameParser p(c);
  std::vector<FrameOutcome> out;
  p.feed(
      "\x02"
      "2000000000015#",
      1000, out);
  CHECK(out.empty());
  p.flush(1020, out);  // not yet
  CHECK(out.empty());
  p.flush(1060, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].number == "2000000000015");
}

TEST_CASE("the same card within the repeat window is one scan") {
  FrameParser p(ScannerConfig{});
  std::vector<FrameOutcome> out;
  p.feed("2000000000015\r", 0, out);
  p.feed("2000000000015\r", 1000, out);
  p.feed("2000000000022\r", 1100, out);
  p.feed("2000000000015\r", 3000, out);
  REQUIRE(out.size() == 3);
  CHECK(out[1].number == "2000000000022");
  CHECK(out[2].number == "2000000000015");
  // Another card between does not end the window: A, B, A inside it is two scans.
  out.clear();
  p.feed("40000004\r", 5000, out);
  p.feed("40000005\r", 5200, out);
  p.feed("40000004\r", 5400, out);
  REQUIRE(out.size() == 2);
  CHECK(out[1].number == "40000005");
}

TEST_CASE("a bank number left without its terminator is not glued into the next scan") {
  // Sent alone, then a loyalty scan half a second later: the frame the terminator ends
  // held both, one run of 29 digits that was published as a card.
  for (bool bank_first : {true, false}) {
    FrameParser p(ScannerConfig{});
    std::vector<FrameOutcome> out;
    p.feed("2000000000022\r", 0, out);  // the device ends its frames with CR
    out.clear();
    p.feed(bank_first ? "4777777777777778" : "2000000000015", 1000, out);
    p.feed(bank_first ? "2000000000015\r" : "4777777777777778\r", 1500, out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].reason == "payment_card");
    CHECK(out[0].number.empty());
  }
  // A zero-padded or printed bank number is one too, whatever card_pattern lets through.
  ScannerConfig any;
  any.card_pattern = "^.*$";
  for (const char* frame :
       {"004777777777777778\r", "4777 7777 7777 7778\r", "4777-7777-7777-7778\r"})
    CHECK(one(frame, any).reason == "payment_card");
}

TEST_CASE("a pause inside a frame that ends at a terminator does not cut it") {
  // A Visa number sent in two bursts: whole, it is a bank card and nothing of it goes out;
  // cut by the gap, its halves would have gone to the POS as two loyalty cards.
  for (Terminator t : {Terminator::kEtx, Terminator::kAuto}) {
    ScannerConfig c;
    c.terminator = t;
    c.prefix = "\x02";
    FrameParser p(c);
    std::vector<FrameOutcome> out;
    if (t == Terminator::kAuto) p.feed("2000000000022\x03", 900, out);  // the device ends frames
    out.clear();
    p.feed(
        "\x02"
        "41111111",
        1000, out);
    p.flush(1200, out);
    CHECK(out.empty());
    p.feed("11111111\x03", 1200, out);
    REQUIRE(out.size() == 1);
    CHECK(!out[0].card);
    CHECK(out[0].reason == "payment_card");
  }
  // `auto` before any terminator was seen: a scanner that sends none ends frames by the gap.
  FrameParser bare(ScannerConfig{});
  std::vector<FrameOutcome> out;
  bare.feed("2000000000015", 1000, out);
  bare.flush(1060, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].number == "2000000000015");
}

TEST_CASE("a bank number in two bursts from a scanner that ends frames by a pause") {
  // `auto` before the device's first terminator (after every start and replug), and `none`:
  // the first burst ended at the gap and went to the POS as a loyalty card, the rest as
  // another, and a POS confirming with the first kept the digits in its journal.
  for (Terminator t : {Terminator::kAuto, Terminator::kNone}) {
    ScannerConfig c;
    c.terminator = t;
    FrameParser p(c);
    std::vector<FrameOutcome> out;
    p.feed("411111111111", 1000, out);
    p.flush(1060, out);
    p.flush(1150, out);
    CHECK(out.empty());  // could begin a bank card's number: held
    p.feed(t == Terminator::kAuto ? "1111\r" : "1111", 1200, out);
    p.flush(1260, out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].reason == "payment_card");
    CHECK(out[0].number.empty());
    CHECK(!p.pending());
  }
  ScannerConfig none;
  none.terminator = Terminator::kNone;
  {  // Two scans close together are still two scans.
    FrameParser p(none);
    std::vector<FrameOutcome> out;
    p.feed("46000001", 1000, out);
    p.flush(1060, out);
    CHECK(out.empty());
    p.feed("2000000000015", 1300, out);
    p.flush(1360, out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].number == "46000001");
    CHECK(out[1].number == "2000000000015");
  }
  {  // A held scan goes out after a second with nothing more.
    FrameParser p(none);
    std::vector<FrameOutcome> out;
    p.feed("4600000000010", 1000, out);
    p.flush(1060, out);
    p.flush(1990, out);
    CHECK(out.empty());
    p.flush(2000, out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].number == "4600000000010");
  }
  {  // What cannot begin one goes out at the gap, as before.
    FrameParser p(none);
    std::vector<FrameOutcome> out;
    p.feed("2000000000015", 1000, out);
    p.flush(1060, out);
    REQUIRE(out.size() == 1);
  }
  {  // Bytes that came after a gap the timer had not yet seen are a scan of their own.
    FrameParser p(none);
    std::vector<FrameOutcome> out;
    p.feed("2000000000015", 1000, out);
    p.feed("2000000000022", 1100, out);
    p.flush(1160, out);
    REQUIRE(out.size() == 2);
    CHECK(out[1].number == "2000000000022");
  }
}

TEST_CASE("reset forgets a half frame") {
  FrameParser p(ScannerConfig{});
  std::vector<FrameOutcome> out;
  p.feed("20000", 0, out);
  CHECK(p.pending_bytes() == 5);
  p.reset();
  CHECK(!p.pending());
  p.feed("2000000000015\r", 10, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].number == "2000000000015");
}

TEST_CASE("a terminated frame broken off is dropped once the line stays quiet") {
  ScannerConfig c;
  c.terminator = Terminator::kCr;
  FrameParser p(c);
  std::vector<FrameOutcome> out;
  p.feed("41111111", 1000, out);
  p.flush(1500, out);  // a pause inside a frame: kept
  CHECK(p.pending_bytes() == 8);
  p.flush(2000, out);  // a second of silence: broken off, dropped unreported
  CHECK(!p.pending());
  CHECK(out.empty());
  p.feed("2000000000015\r", 2100, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].number == "2000000000015");
}
