// IPv4/IPv6 value types shared by the frontend (literal validation) and the IR (overlap and
// containment proofs). Addresses are 128-bit integers tagged with their family.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kmetal {

__extension__ typedef unsigned __int128 uint128;

enum class IpFamily : std::uint8_t { V4, V6 };

struct IpAddress {
  IpFamily family = IpFamily::V4;
  uint128 value = 0;

  static unsigned bits(IpFamily family) { return family == IpFamily::V4 ? 32 : 128; }
  unsigned bits() const { return bits(family); }
  std::string to_string() const;  // dotted quad, or RFC 5952 canonical IPv6

  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.family == b.family && a.value == b.value;
  }
  friend bool operator!=(const IpAddress& a, const IpAddress& b) { return !(a == b); }
  friend bool operator<(const IpAddress& a, const IpAddress& b) {
    return a.family != b.family ? a.family < b.family : a.value < b.value;
  }
};

struct Cidr {
  IpAddress address;  // the network address: host bits are zero
  unsigned prefix = 0;

  IpAddress first() const { return address; }
  IpAddress last() const;
  bool contains(const IpAddress& ip) const;
  bool contains(const Cidr& other) const;
  bool overlaps(const Cidr& other) const;
  std::string to_string() const;
};

struct IpRange {
  IpAddress first;
  IpAddress last;  // inclusive

  static IpRange of(const Cidr& cidr) { return {cidr.first(), cidr.last()}; }
  bool contains(const IpAddress& ip) const;
  bool contains(const IpRange& other) const;
  bool overlaps(const IpRange& other) const;
  std::string to_string() const;
};

// Where in a literal a parse failed, relative to the literal's first byte, so a caret can
// point at the bad octet or prefix instead of the whole token.
struct LiteralError {
  std::string message;
  std::size_t offset = 0;
  std::size_t length = 0;  // 0 means "the whole literal"
  std::string help;
  bool host_bits_set = false;  // a well-formed CIDR whose address is not its network's first
};

bool parse_ip(std::string_view text, IpAddress& out, LiteralError& error);
bool parse_cidr(std::string_view text, Cidr& out, LiteralError& error);
bool parse_ip_range(std::string_view text, IpRange& out, LiteralError& error);

}  // namespace kmetal
