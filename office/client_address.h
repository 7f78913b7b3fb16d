// Whose request it is when head office sits behind a reverse proxy or load balancer
// (docs/office.md "Several processes behind a load balancer"): the peer of every request
// is then the proxy, so sign-in limits and the audit log would see one address for all
// staff. `[auth] trusted_proxies` names the proxies; from them only, X-Forwarded-For says
// who the client was.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace kopilka::office {

// One trusted proxy: an address, or a network as ADDRESS/PREFIX (IPv4 or IPv6).
struct ProxyRange {
  std::string text;                    // as configured
  std::vector<unsigned char> network;  // the address's bytes (4 or 16), host bits cleared
  int prefix = 0;
};

// Parses "10.0.0.5", "10.0.0.0/8", "::1", "fd00::/8"; names the bad entry.
core::Result<std::vector<ProxyRange>> parse_trusted_proxies(const std::vector<std::string>& entries,
                                                            const std::string& field);

bool is_trusted_proxy(const std::vector<ProxyRange>& proxies, const std::string& address);

// The client's address: `peer` itself unless it is a trusted proxy; then X-Forwarded-For
// (every such header, joined by commas) read from the right, skipping trusted proxies:
// the first address that is not one. An entry that is not an address ends the walk at the
// hop that added it (a client may write anything at the left of the list).
std::string client_address(const std::vector<ProxyRange>& proxies, const std::string& peer,
                           const std::string& forwarded_for);

}  // namespace kopilka::office
