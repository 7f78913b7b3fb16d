// Errors as values between modules: a Status (code + message + optional field path)
// and Result<T>, a value or a Status. Success carries no allocation.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kopilka::core {

enum class Code {
  kOk,
  kInvalid,      // bad input: the caller must change the request
  kNotFound,     // the thing named does not exist
  kConflict,     // the request contradicts stored state
  kUnavailable,  // storage or network cannot serve now; retry later
  kCorrupt,      // stored data is damaged
  kInternal,     // a bug or an unexpected library failure
};

class Status {
 public:
  Status() = default;
  static Status ok() { return {}; }
  static Status invalid(std::string message, std::string field = {}) {
    return Status(Code::kInvalid, std::move(message), std::move(field));
  }
  static Status not_found(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status conflict(std::string message) {
    return Status(Code::kConflict, std::move(message));
  }
  static Status unavailable(std::string message) {
    return Status(Code::kUnavailable, std::move(message));
  }
  static Status corrupt(std::string message) { return Status(Code::kCorrupt, std::move(message)); }
  static Status internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  bool is_ok() const { return code_ == Code::kOk; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // JSON path of the offending field ("lines[2].qty"), empty when no single field is at fault.
  const std::string& field() const { return field_; }

  // Returns a copy whose field path is prefixed, for errors bubbling out of nested parsers:
  // Status::invalid("...", "qty").under("lines[2]") names "lines[2].qty".
  Status under(const std::string& prefix) const {
    Status s = *this;
    if (prefix.empty()) return s;
    if (s.field_.empty()) {
      s.field_ = prefix;
    } else if (s.field_[0] == '[') {
      s.field_ = prefix + s.field_;
    } else {
      s.field_ = prefix + "." + s.field_;
    }
    return s;
  }

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).is_ok()); }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<1>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace kopilka::core
