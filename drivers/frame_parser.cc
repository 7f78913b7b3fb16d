// Frame parsing; see frame_parser.h. A frame ends at a terminator (or after frame_gap of
// silence when the scanner sends none); then prefix/suffix and whitespace are stripped and the
// frame is read as magnetic stripe tracks (it starts with a sentinel) or as a barcode.
#include "drivers/frame_parser.h"

#include <string.h>

#include <algorithm>

#include "core/card_number.h"
#include "core/payment_card.h"

namespace kopilka::drivers {

void wipe(std::string& s) {
  if (!s.empty()) explicit_bzero(s.data(), s.size());
  s.clear();
}

FrameParser::FrameParser(const ScannerConfig& config)
    : config_(config),
      pattern_(config.card_pattern, std::regex::ECMAScript | std::regex::optimize) {}

FrameParser::~FrameParser() {
  wipe(buffer_);
}

bool FrameParser::is_terminator(char c) const {
  switch (config_.terminator) {
    case Terminator::kAuto:
      return c == '\r' || c == '\n' || c == '\t' || c == '\x03';
    case Terminator::kCr:
      return c == '\r';
    case Terminator::kLf:
    case Terminator::kCrLf:
      return c == '\n';
    case Terminator::kTab:
      return c == '\t';
    case Terminator::kEtx:
      return c == '\x03';
    case Terminator::kNone:
      return false;
  }
  return false;
}

void FrameParser::feed(std::string_view bytes, std::int64_t now_ms,
                       std::vector<FrameOutcome>& out) {
  // A pause inside a frame begun (only frames ended by a terminator can hold one).
  if (!buffer_.empty() && now_ms - last_byte_ms_ > config_.frame_gap_ms)
    pauses_.push_back(buffer_.size());
  for (char c : bytes) {
    last_byte_ms_ = now_ms;
    if (is_terminator(c)) {
      saw_terminator_ = true;
      end_frame(now_ms, out);
      continue;
    }
    if (overflow_) continue;  // resynchronise at the next terminator
    buffer_ += c;
    if (buffer_.size() > kMaxFrame) {
      wipe(buffer_);
      pauses_.clear();
      overflow_ = true;
      emit({false, "", "", "too_long"}, now_ms, out);
    }
  }
}

void FrameParser::flush(std::int64_t now_ms, std::vector<FrameOutcome>& out) {
  if (!pending() || now_ms - last_byte_ms_ < config_.frame_gap_ms) return;
  const bool gap_ends_frames = config_.terminator == Terminator::kNone ||
                               (config_.terminator == Terminator::kAuto && !saw_terminator_);
  if (gap_ends_frames) {
    // Digits that could begin a bank card's number wait a while for more: a number sent in
    // two bursts would otherwise go to the POS as two loyalty cards (scanners.md).
    if (!overflow_ && now_ms - last_byte_ms_ < stale_frame_ms() &&
        core::could_begin_payment_card_number(buffer_) &&
        !core::contains_payment_card_number(buffer_))
      return;
    return end_gap_frames(now_ms, out);
  }
  // A frame whose terminator never came (a scan broken off) is dropped, wiped and unreported
  // once the line has been quiet long past any pause inside a frame: it must not wait in
  // memory, perhaps a bank card's digits, to be glued onto the next scan.
  if (now_ms - last_byte_ms_ >= stale_frame_ms()) {
    wipe(buffer_);
    pauses_.clear();
    overflow_ = false;
  }
}

std::int64_t FrameParser::stale_frame_ms() const {
  return std::max<std::int64_t>(kStaleFrameMinMs,
                                10 * static_cast<std::int64_t>(config_.frame_gap_ms));
}

void FrameParser::reset() {
  wipe(buffer_);
  pauses_.clear();
  recent_cards_.clear();  // a new connection: the next scan is a scan, whatever came before
  overflow_ = false;
  saw_terminator_ = false;
}

void FrameParser::end_frame(std::int64_t now_ms, std::vector<FrameOutcome>& out) {
  if (overflow_) {
    overflow_ = false;
    wipe(buffer_);
    pauses_.clear();
    return;
  }
  std::string frame;
  frame.swap(buffer_);
  // Each stretch between pauses is checked for a bank card's number on its own: glued to
  // the next scan, a number left without its terminator hid in a longer run of digits.
  std::vector<std::size_t> pauses;
  pauses.swap(pauses_);
  pauses.push_back(frame.size());
  for (std::size_t i = 0, from = 0; i < pauses.size() && pauses.size() > 1; from = pauses[i++])
    if (core::contains_payment_card_number(
            std::string_view(frame).substr(from, pauses[i] - from))) {
      wipe(frame);
      return emit({false, "", "", "payment_card"}, now_ms, out);
    }
  finish_frame(frame, now_ms, out);
}

void FrameParser::end_gap_frames(std::int64_t now_ms, std::vector<FrameOutcome>& out) {
  if (overflow_ || pauses_.empty()) return end_frame(now_ms, out);
  // Frames held back, each ended by a pause: together they may be one bank card's number;
  // if not, each is a scan of its own.
  std::string frames;
  frames.swap(buffer_);
  std::vector<std::size_t> pauses;
  pauses.swap(pauses_);
  if (core::contains_payment_card_number(frames)) {
    wipe(frames);
    return emit({false, "", "", "payment_card"}, now_ms, out);
  }
  pauses.push_back(frames.size());
  for (std::size_t i = 0, from = 0; i < pauses.size(); from = pauses[i++]) {
    std::string frame = frames.substr(from, pauses[i] - from);
    finish_frame(frame, now_ms, out);
  }
  wipe(frames);
}

void FrameParser::finish_frame(std::string& frame, std::int64_t now_ms,
                               std::vector<FrameOutcome>& out) {
  // Strip what the scanner adds, then surrounding whitespace.
  if (!config_.prefix.empty() && frame.rfind(config_.prefix, 0) == 0)
    frame.erase(0, config_.prefix.size());
  if (!config_.suffix.empty() && frame.size() >= config_.suffix.size() &&
      frame.compare(frame.size() - config_.suffix.size(), config_.suffix.size(), config_.suffix) ==
          0)
    frame.resize(frame.size() - config_.suffix.size());
  auto not_space = [](unsigned char ch) { return ch != ' ' && ch != '\r' && ch != '\n'; };
  frame.erase(frame.begin(), std::find_if(frame.begin(), frame.end(), not_space));
  frame.erase(std::find_if(frame.rbegin(), frame.rend(), not_space).base(), frame.end());
  if (frame.empty()) return;  // (wiped: nothing is left in it)
  FrameOutcome o = classify(frame);
  wipe(frame);
  emit(std::move(o), now_ms, out);
}

void FrameParser::emit(FrameOutcome o, std::int64_t now_ms, std::vector<FrameOutcome>& out) {
  if (o.card) {
    std::erase_if(recent_cards_, [&](const auto& seen) {
      return now_ms - seen.second >= config_.repeat_window_ms;
    });
    for (const auto& seen : recent_cards_)
      if (seen.first == o.number) return;
    recent_cards_.emplace_back(o.number, now_ms);
  }
  out.push_back(std::move(o));
}

FrameOutcome FrameParser::check_card(std::string number, std::string source) const {
  if (!std::regex_match(number, pattern_)) return {false, "", "", "bad_pattern"};
  if ((config_.card_check == CardCheck::kEan && !core::ean_check_ok(number)) ||
      (config_.card_check == CardCheck::kLuhn && !core::luhn_ok(number)))
    return {false, "", "", "bad_check_digit"};
  return {true, std::move(number), std::move(source), ""};
}

namespace {

// Splits a swipe into its tracks: "%…?" (track 1) and ";…?" (track 2, then track 3).
struct Tracks {
  std::vector<std::string> t1, t2;  // contents between sentinel and end sentinel
  bool error = false;
  bool malformed = false;
};

Tracks split_tracks(const std::string& frame) {
  Tracks t;
  std::size_t i = 0;
  while (i < frame.size()) {
    char start = frame[i];
    if (start == ' ' || start == '\r' || start == '\n') {
      ++i;
      continue;
    }
    if (start != '%' && start != ';') {
      t.malformed = true;
      return t;
    }
    std::size_t end = frame.find('?', i + 1);
    if (end == std::string::npos) {
      t.malformed = true;
      return t;
    }
    std::string content = frame.substr(i + 1, end - i - 1);
    if (content == "E") {
      t.error = true;
    } else {
      (start == '%' ? t.t1 : t.t2).push_back(std::move(content));
    }
    i = end + 1;
    if (i < frame.size() && frame[i] != '%' && frame[i] != ';') ++i;  // an LRC byte after '?'
  }
  return t;
}

}  // namespace

namespace {

// A bank card's swipe, whatever kind the scanner is set to: track 1 in format B, or a
// track 2 number with a payment IIN before its expiry/service code.
bool swipe_of_payment_card(const Tracks& tracks) {
  if (!tracks.t1.empty() && !tracks.t1[0].empty() && tracks.t1[0][0] == 'B') return true;
  if (tracks.t2.empty()) return false;
  const std::string& t2 = tracks.t2[0];
  auto eq = t2.find('=');
  return eq != std::string::npos &&
         core::is_payment_card_number(std::string_view(t2).substr(0, eq));
}

void wipe_tracks(Tracks& tracks) {
  for (auto* list : {&tracks.t1, &tracks.t2})
    for (auto& s : *list) wipe(s);
}

}  // namespace

FrameOutcome FrameParser::classify(std::string& frame) const {
  // A bank card's number anywhere in the frame (a barcode, a reader that sends the number
  // alone, track data without sentinels) is rejected before card_pattern is consulted:
  // no pattern may let it through to the POS.
  std::string_view body(frame);
  if (body.size() > 3 && body[0] == ']')
    body.remove_prefix(3);  // an AIM id's modifier may be a digit
  if (core::contains_payment_card_number(frame) || core::contains_payment_card_number(body) ||
      frame.rfind("%B", 0) == 0)  // ISO 7813 track 1 format B is a bank card's, whatever follows
    return {false, "", "", "payment_card"};
  // Scanners send ASCII: a control byte, or one above it (what a wrong baud rate makes of
  // a frame), is noise, not a number that fails card_pattern.
  for (unsigned char c : frame) {
    if (c < 0x20 || c >= 0x7f) return {false, "", "", "garbage"};
  }
  bool msr_shape = frame[0] == '%' || frame[0] == ';';
  if (msr_shape && config_.kind == ScannerKind::kBarcode) {
    Tracks tracks = split_tracks(frame);
    bool bank = !tracks.malformed && swipe_of_payment_card(tracks);
    wipe_tracks(tracks);
    if (bank) return {false, "", "", "payment_card"};
  }
  if (msr_shape && config_.kind != ScannerKind::kBarcode) {
    Tracks tracks = split_tracks(frame);
    FrameOutcome result;
    if (tracks.malformed) {
      result = {false, "", "", "garbage"};
    } else if (swipe_of_payment_card(tracks)) {
      result = {false, "", "", "payment_card"};  // ISO 7813 format B, or a bank track 2
    } else if (!tracks.t2.empty()) {
      std::string& t2 = tracks.t2[0];
      auto eq = t2.find('=');
      std::string number = t2.substr(0, eq);
      result = check_card(number, "track2");
      wipe(number);
    } else if (!tracks.t1.empty() && !tracks.t1[0].empty()) {
      std::string& t1 = tracks.t1[0];
      std::string number =
          t1.substr(1, t1.find('^') == std::string::npos ? std::string::npos : t1.find('^') - 1);
      result = core::is_payment_card_number(number) ? FrameOutcome{false, "", "", "payment_card"}
                                                    : check_card(number, "track1");
      wipe(number);
    } else {
      result = {false, "", "", tracks.error ? "read_error" : "garbage"};
    }
    wipe_tracks(tracks);
    return result;
  }

  std::string source;
  if (config_.aim_ids && frame.size() > 3 && frame[0] == ']') {
    const char symbology = frame[1];
    frame.erase(0, 3);
    // EAN-8 too: pos-api.md's sources name the EAN family `ean13` and no other, and a POS
    // that switches on them must not meet a value it was not told of.
    if (symbology == 'E')
      source = "ean13";
    else if (symbology == 'C')
      source = "code128";
    else if (symbology == 'Q' || symbology == 'd')
      source = "qr";
    else
      source = "text";
  }
  if (source.empty()) {
    if (core::all_digits(frame) && (frame.size() == 13 || frame.size() == 8) &&
        core::ean_check_ok(frame))
      source = "ean13";
    else
      source = "text";
  }
  return check_card(frame, source);
}

}  // namespace kopilka::drivers
