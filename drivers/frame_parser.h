// Turns the bytes a scanner sends into card numbers or rejections (scanners.md "Frames and
// what becomes of them"). Pure: no I/O, time comes in with the bytes. Bank payment cards
// are recognised and rejected with their data wiped from every buffer.
#pragma once

#include <cstdint>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drivers/scanner_config.h"

namespace kopilka::drivers {

struct FrameOutcome {
  bool card = false;  // true: `number` is a loyalty card; false: rejected for `reason`
  std::string number;
  std::string source;  // ean13 | ean8 | code128 | qr | text | track1 | track2
  std::string
      reason;  // payment_card | read_error | bad_pattern | bad_check_digit | too_long | garbage
};

inline constexpr std::size_t kMaxFrame = 512;
// A frame that waits for its terminator this long without a byte (or 10 × frame_gap if
// longer) was broken off: flush drops it.
inline constexpr std::int64_t kStaleFrameMinMs = 1000;

class FrameParser {
 public:
  explicit FrameParser(const ScannerConfig& config);
  ~FrameParser();  // wipes the buffer
  FrameParser(const FrameParser&) = delete;
  FrameParser& operator=(const FrameParser&) = delete;

  // Bytes received at `now_ms`; complete frames' outcomes are appended to `out`.
  void feed(std::string_view bytes, std::int64_t now_ms, std::vector<FrameOutcome>& out);
  // Ends a frame that has waited `frame_gap` without a terminator (call when the gap
  // timer fires, and again while pending() holds). Nothing happens if the gap has not
  // passed, nor for digits that could begin a bank card's number, until kStaleFrameMinMs
  // (or 10 × frame_gap) passes without more: the two bursts of one bank card's number are
  // refused together, and two scans are still two. Nor when the scanner ends its frames
  // with a terminator: `terminator` set to one,
  // or `auto` once a frame has ended at one. A pause inside such a frame (a Bluetooth or USB
  // adapter's burst) must not cut a number in two: the pieces would be wrong cards, or a
  // bank card's digits sent as two. Such a frame still waiting after kStaleFrameMinMs (or
  // 10 × frame_gap) is dropped unreported.
  void flush(std::int64_t now_ms, std::vector<FrameOutcome>& out);
  bool pending() const { return !buffer_.empty() || overflow_; }
  // The bytes of the frame begun and not yet ended (the last ones fed).
  std::size_t pending_bytes() const { return buffer_.size(); }
  // Forgets (and wipes) a frame begun, and the cards of the repeat window: the port was
  // closed, and what comes after a reconnect is a new frame, perhaps from another device.
  void reset();
  int frame_gap_ms() const { return config_.frame_gap_ms; }

 private:
  bool is_terminator(char c) const;
  std::int64_t stale_frame_ms() const;
  void end_frame(std::int64_t now_ms, std::vector<FrameOutcome>& out);
  // Ends the frames a gap ended (`terminator` none, or `auto` before the first one).
  void end_gap_frames(std::int64_t now_ms, std::vector<FrameOutcome>& out);
  // Strips prefix, suffix and whitespace, classifies, emits; wipes `frame`.
  void finish_frame(std::string& frame, std::int64_t now_ms, std::vector<FrameOutcome>& out);
  FrameOutcome classify(std::string& frame) const;
  FrameOutcome check_card(std::string number, std::string source) const;
  void emit(FrameOutcome outcome, std::int64_t now_ms, std::vector<FrameOutcome>& out);

  ScannerConfig config_;
  std::regex pattern_;
  std::string buffer_;
  bool overflow_ = false;        // discarding an over-long frame until its terminator
  bool saw_terminator_ = false;  // `auto`: this device ends its frames with one
  std::int64_t last_byte_ms_ = 0;
  // Where a pause longer than frame_gap fell inside the frame begun: the bytes before and
  // after it may be two frames glued (a bank number left without its terminator, then a
  // scan), each checked for a bank card's number on its own.
  std::vector<std::size_t> pauses_;
  // The cards emitted within the repeat window, with when: the same card again inside it
  // is one scan, whatever came between.
  std::vector<std::pair<std::string, std::int64_t>> recent_cards_;
};

// True for a track-2 style number of a bank payment card: 13–19 digits, first digit 2–6
// (payment IINs), passing Luhn.
bool looks_like_payment_card(std::string_view digits);
// Overwrites a string's bytes so card data does not linger in freed memory.
void wipe(std::string& s);

}  // namespace kopilka::drivers
