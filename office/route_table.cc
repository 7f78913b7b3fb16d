// Matching a request against the staff route table (route_table.h).
#include "office/route_table.h"

#include "office/routes.h"

namespace kopilka::office {

namespace {

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& parts,
             std::vector<std::string>* params) {
  if (pattern.size() != parts.size()) return false;
  std::vector<std::string> found;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() >= 2 && p.front() == '{' && p.back() == '}')
      found.push_back(parts[i]);
    else if (p != parts[i])
      return false;
  }
  if (params) *params = std::move(found);
  return true;
}

}  // namespace

std::string Call::query(const char* key) const {
  auto it = req.query.find(key);
  return it == req.query.end() ? std::string() : it->second;
}

const Route* match_route(const std::vector<Route>& routes, const std::string& method,
                         const std::vector<std::string>& parts, std::vector<std::string>* params,
                         bool* path_known) {
  *path_known = false;
  for (const Route& r : routes) {
    if (!matches(split_path(r.pattern), parts, nullptr)) continue;
    *path_known = true;
    if (r.method == method) {
      matches(split_path(r.pattern), parts, params);
      return &r;
    }
  }
  return nullptr;
}

}  // namespace kopilka::office
