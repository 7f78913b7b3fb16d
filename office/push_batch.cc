// Reading a pushed batch; see push_batch.h.
#include "office/push_batch.h"

#include "core/entry_limits.h"

namespace kopilka::office {

namespace {

using core::Json;
using core::Status;

// True when `v` holds an exact decimal anywhere. Most entries hold none, and then the
// entry can be written as it is, without the deep copy json_plain makes: that copy was
// about a tenth of the office's CPU in the shift-close storm (docs/benchmarks.md).
bool has_decimal(const Json& v) {
  if (core::is_decimal(v)) return true;
  if (v.is_structured()) {
    for (const Json& item : v) {
      if (has_decimal(item)) return true;
    }
  }
  return false;
}

// Kind, time and effects of one pushed entry, checked against the register's own limits.
Status read_entry(const Json& e, PushEntry& p) {
  if (!e.contains("kind") || !e["kind"].is_string())
    return Status::invalid("must be a string", "kind");
  p.kind = e["kind"].get<std::string>();
  if (!e.contains("at") || !e["at"].is_string())
    return Status::invalid("must be an RFC 3339 time", "at");
  auto at = core::parse_business_time(e["at"].get<std::string>());
  if (!at) return Status::invalid(at.status().message(), "at");
  p.at = *at;
  if (!e.contains("effects")) return Status::invalid("is missing", "effects");
  auto effects = core::effects_from_json(e["effects"]);
  if (!effects) return effects.status().under("effects");
  p.effects = std::move(*effects);
  p.card = p.effects.card;
  return core::check_entry(p.kind, p.effects);
}

}  // namespace

core::Result<std::vector<PushEntry>> parse_push(const std::string& register_id,
                                                const Json& entries) {
  if (!entries.is_array()) return Status::invalid("must be an array", "entries");
  const std::string prefix = register_id + ":";
  // The whole batch is validated before anything is touched: a foreign entry, or one
  // without an id, rejects the batch; any other fault is this entry's alone.
  std::vector<PushEntry> batch;
  batch.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Json& e = entries[i];
    std::string where = "entries[" + std::to_string(i) + "]";
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string())
      return Status::invalid("must have a string id", where + ".id");
    PushEntry p;
    p.id = e["id"].get<std::string>();
    if (p.id.rfind(prefix, 0) != 0 || p.id.size() == prefix.size())
      return Status(core::Code::kConflict,
                    "entry " + p.id + " does not belong to register " + register_id, where + ".id");
    p.problem = read_entry(e, p);
    if (p.problem) p.body = has_decimal(e) ? core::json_plain(e).dump() : e.dump();
    if (p.problem && (p.kind == "receipt" || p.kind == "refund" || p.kind == "cancel"))
      p.report = report_facts(e);
    batch.push_back(std::move(p));
  }
  return batch;
}

}  // namespace kopilka::office
