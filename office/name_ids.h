// Names numbered in the order they are met, for sums keyed by small integers instead of
// texts (the report aggregates, aggregates.h). The texts are kept in blocks of their own, so
// numbering thousands of customer ids costs a few allocations, not one each.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kopilka::office {

class NameIds {
 public:
  using Id = std::uint32_t;

  // The name's number, given it now if it has none.
  Id id(std::string_view name) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    if (name.size() > left_) {
      const std::size_t size = std::max(kBlock, name.size());
      blocks_.emplace_back(new char[size]);
      next_ = blocks_.back().get();
      left_ = size;
    }
    if (!name.empty()) std::memcpy(next_, name.data(), name.size());
    const std::string_view kept(next_, name.size());
    next_ += name.size();
    left_ -= name.size();
    const Id id = static_cast<Id>(names_.size());
    names_.push_back(kept);
    ids_.emplace(kept, id);
    return id;
  }
  std::optional<Id> find(std::string_view name) const {
    auto it = ids_.find(name);
    return it == ids_.end() ? std::nullopt : std::optional<Id>(it->second);
  }
  // Valid until clear().
  std::string_view operator[](Id id) const { return names_[id]; }
  // Each name's place in the names' text order, by Id: rows keyed by Ids sort as their texts
  // would, comparing integers.
  std::vector<std::uint32_t> places() const {
    std::vector<Id> ids(names_.size());
    for (Id i = 0; i < ids.size(); ++i) ids[i] = i;
    std::sort(ids.begin(), ids.end(), [&](Id a, Id b) { return names_[a] < names_[b]; });
    std::vector<std::uint32_t> place(ids.size());
    for (std::uint32_t i = 0; i < ids.size(); ++i) place[ids[i]] = i;
    return place;
  }
  std::size_t size() const { return names_.size(); }
  void clear() {
    names_.clear();
    ids_.clear();
    blocks_.clear();
    next_ = nullptr;
    left_ = 0;
  }

 private:
  static constexpr std::size_t kBlock = 16 * 1024;
  std::vector<std::string_view> names_;  // into blocks_
  std::unordered_map<std::string_view, Id> ids_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace kopilka::office
