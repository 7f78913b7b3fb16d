// ProgramSet and the document-level entry points of engine.h.
#include <algorithm>

#include "core/program.h"

namespace kopilka::core {

ProgramSet::ProgramSet() = default;
ProgramSet::~ProgramSet() = default;
ProgramSet::ProgramSet(ProgramSet&&) noexcept = default;
ProgramSet& ProgramSet::operator=(ProgramSet&&) noexcept = default;

Result<ProgramSet> ProgramSet::build(const std::vector<Json>& documents) {
  ProgramSet set;
  for (const Json& doc : documents) {
    auto p = parse_program(doc);
    if (!p) {
      std::string id = doc.is_object() && doc.contains("id") && doc["id"].is_string()
                           ? doc["id"].get<std::string>()
                           : "?";
      return Status::invalid("program " + id + ": " + p.status().message(), p.status().field());
    }
    set.programs_.push_back(std::make_unique<Program>(std::move(*p)));
  }
  std::sort(set.programs_.begin(), set.programs_.end(), [](const auto& a, const auto& b) {
    return a->priority != b->priority ? a->priority < b->priority : a->id < b->id;
  });
  return set;
}

std::size_t ProgramSet::size() const {
  return programs_.size();
}

Status validate_program(const Json& document) {
  auto p = parse_program(document);
  if (!p) return p.status();
  // The name is what the cashier's screen and the customer's receipt say of the program: a
  // new one must have one. (A stored program is loaded whatever its name, as it was saved.)
  if (p->name.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::invalid("must not be empty: the cashier and the customer read it", "name");
  return Status::ok();
}

std::string program_id(const Json& document) {
  if (document.is_object() && document.contains("id") && document["id"].is_string())
    return document["id"].get<std::string>();
  return {};
}

}  // namespace kopilka::core
