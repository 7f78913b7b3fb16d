// Trusted proxies and the client's address behind them; see client_address.h.
#include "office/client_address.h"

#include <asio/ip/address.hpp>

#include <algorithm>
#include <optional>

namespace kopilka::office {
namespace {

// The address, with an IPv4 address mapped into IPv6 read as the IPv4 one.
std::optional<asio::ip::address> parse_address(const std::string& text) {
  std::error_code ec;
  asio::ip::address a = asio::ip::make_address(text, ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  return a;
}

std::optional<std::vector<unsigned char>> address_bytes(const std::string& text) {
  auto parsed = parse_address(text);
  if (!parsed) return std::nullopt;
  const asio::ip::address& a = *parsed;
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    return std::vector<unsigned char>(b.begin(), b.end());
  }
  auto b = a.to_v6().to_bytes();
  return std::vector<unsigned char>(b.begin(), b.end());
}

void clear_host_bits(std::vector<unsigned char>& bytes, int prefix) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    int keep = std::clamp(prefix - static_cast<int>(i) * 8, 0, 8);
    bytes[i] &= static_cast<unsigned char>(keep == 0 ? 0 : (0xFF << (8 - keep)) & 0xFF);
  }
}

std::string trim(std::string s) {
  const char* space = " \t";
  s.erase(0, s.find_first_not_of(space));
  s.erase(s.find_last_not_of(space) + 1);
  return s;
}

}  // namespace

core::Result<std::vector<ProxyRange>> parse_trusted_proxies(const std::vector<std::string>& entries,
                                                            const std::string& field) {
  std::vector<ProxyRange> out;
  for (const std::string& e : entries) {
    auto slash = e.find('/');
    auto bytes = address_bytes(e.substr(0, slash));
    if (!bytes)
      return core::Status::invalid("\"" + e + "\" is not an IP address or ADDRESS/PREFIX", field);
    const int bits = static_cast<int>(bytes->size()) * 8;
    int prefix = bits;
    if (slash != std::string::npos) {
      const std::string p = e.substr(slash + 1);
      if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(p) > bits)
        return core::Status::invalid(
            "\"" + e + "\": the prefix must be 0 to " + std::to_string(bits), field);
      prefix = std::stoi(p);
    }
    clear_host_bits(*bytes, prefix);
    out.push_back({e, std::move(*bytes), prefix});
  }
  return out;
}

bool is_trusted_proxy(const std::vector<ProxyRange>& proxies, const std::string& address) {
  auto bytes = address_bytes(address);
  if (!bytes) return false;
  for (const ProxyRange& p : proxies) {
    if (p.network.size() != bytes->size()) continue;
    auto masked = *bytes;
    clear_host_bits(masked, p.prefix);
    if (masked == p.network) return true;
  }
  return false;
}

std::string client_address(const std::vector<ProxyRange>& proxies, const std::string& peer,
                           const std::string& forwarded_for) {
  if (proxies.empty() || !is_trusted_proxy(proxies, peer)) return peer;
  std::vector<std::string> hops;
  std::string::size_type start = 0;
  while (start <= forwarded_for.size()) {
    auto comma = forwarded_for.find(',', start);
    if (comma == std::string::npos) comma = forwarded_for.size();
    hops.push_back(trim(forwarded_for.substr(start, comma - start)));
    start = comma + 1;
  }
  std::string client = peer;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto hop = parse_address(*it);
    if (!hop) break;
    // One spelling per address, so a limit per address cannot be dodged by rewriting it.
    client = hop->to_string();
    if (!is_trusted_proxy(proxies, client)) break;
  }
  return client;
}

}  // namespace kopilka::office
