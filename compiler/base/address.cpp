#include "compiler/base/address.h"

#include <fmt/format.h>

#include <vector>

namespace kmetal {
namespace {

uint128 host_mask(unsigned bits, unsigned prefix) {
  unsigned host = bits - prefix;
  return host == 0 ? 0 : host >= 128 ? ~uint128{0} : ((uint128{1} << host) - 1);
}

bool fail(LiteralError& error, std::string message, std::size_t offset = 0, std::size_t length = 0,
          std::string help = {}) {
  error = LiteralError{std::move(message), offset, length, std::move(help)};
  return false;
}

bool parse_ipv4(std::string_view text, std::size_t base, std::uint32_t& out, LiteralError& error) {
  out = 0;
  std::size_t pos = 0;
  for (int octet = 0; octet < 4; ++octet) {
    std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    std::size_t len = pos - start;
    if (len == 0) return fail(error, "malformed IPv4 address: expected four dot-separated numbers");
    if (len > 1 && text[start] == '0') {
      return fail(error, "IPv4 octet has a leading zero, which some tools read as octal",
                  base + start, len);
    }
    unsigned value = 0;
    for (std::size_t i = start; i < pos && value <= 255; ++i) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
    }
    if (len > 3 || value > 255) {
      return fail(error,
                  fmt::format("IPv4 octet {} is out of range 0-255", text.substr(start, len)),
                  base + start, len);
    }
    out = (out << 8) | value;
    if (octet < 3) {
      if (pos >= text.size() || text[pos] != '.') {
        return fail(error, "malformed IPv4 address: expected four dot-separated numbers");
      }
      ++pos;
    }
  }
  if (pos != text.size()) return fail(error, "malformed IPv4 address: unexpected characters");
  return true;
}

bool hex_value(char c, unsigned& v) {
  if (c >= '0' && c <= '9') return v = static_cast<unsigned>(c - '0'), true;
  if (c >= 'a' && c <= 'f') return v = static_cast<unsigned>(c - 'a' + 10), true;
  if (c >= 'A' && c <= 'F') return v = static_cast<unsigned>(c - 'A' + 10), true;
  return false;
}

bool parse_ipv6(std::string_view text, uint128& out, LiteralError& error) {
  // Split on "::" at most once; each side is a list of 16-bit groups, the last of which may
  // be an embedded IPv4 address.
  std::size_t gap = text.find("::");
  if (gap != std::string_view::npos && text.find("::", gap + 1) != std::string_view::npos) {
    return fail(error, "malformed IPv6 address: '::' may appear only once");
  }
  auto parse_side = [&](std::string_view side, std::size_t base, std::vector<std::uint16_t>& groups,
                        bool allow_v4) -> bool {
    if (side.empty()) return true;
    std::size_t pos = 0;
    while (true) {
      std::size_t end = side.find(':', pos);
      std::string_view group = side.substr(pos, end == std::string_view::npos ? end : end - pos);
      if (allow_v4 && end == std::string_view::npos && group.find('.') != std::string_view::npos) {
        std::uint32_t v4 = 0;
        if (!parse_ipv4(group, base + pos, v4, error)) return false;
        groups.push_back(static_cast<std::uint16_t>(v4 >> 16));
        groups.push_back(static_cast<std::uint16_t>(v4 & 0xFFFF));
        return true;
      }
      if (group.empty() || group.size() > 4) {
        return fail(error, "malformed IPv6 address: each group has one to four hex digits",
                    base + pos, group.size());
      }
      unsigned value = 0;
      for (char c : group) {
        unsigned digit = 0;
        if (!hex_value(c, digit)) {
          return fail(error, "malformed IPv6 address: not a hex digit", base + pos, group.size());
        }
        value = value * 16 + digit;
      }
      groups.push_back(static_cast<std::uint16_t>(value));
      if (end == std::string_view::npos) return true;
      pos = end + 1;
    }
  };
  std::vector<std::uint16_t> head;
  std::vector<std::uint16_t> tail;
  if (gap == std::string_view::npos) {
    if (!parse_side(text, 0, head, true)) return false;
    if (head.size() != 8) return fail(error, "malformed IPv6 address: expected eight groups");
  } else {
    if (!parse_side(text.substr(0, gap), 0, head, false)) return false;
    if (!parse_side(text.substr(gap + 2), gap + 2, tail, true)) return false;
    if (head.size() + tail.size() > 7) {
      return fail(error, "malformed IPv6 address: too many groups around '::'");
    }
    head.resize(8 - tail.size(), 0);
    head.insert(head.end(), tail.begin(), tail.end());
  }
  out = 0;
  for (std::uint16_t g : head) out = (out << 16) | g;
  return true;
}

}  // namespace

std::string IpAddress::to_string() const {
  if (family == IpFamily::V4) {
    auto v = static_cast<std::uint32_t>(value);
    return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
  }
  std::uint16_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<std::uint16_t>(value >> (16 * (7 - i)));
  // RFC 5952: compress the longest run of two or more zero groups (the first on a tie).
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best_start = i, best_len = j - i;
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    out += fmt::format("{:x}", groups[i]);
  }
  return out;
}

IpAddress Cidr::last() const {
  return IpAddress{address.family, address.value | host_mask(address.bits(), prefix)};
}

bool Cidr::contains(const IpAddress& ip) const {
  return ip.family == address.family && !(ip < first()) && !(last() < ip);
}

bool Cidr::contains(const Cidr& other) const {
  return other.address.family == address.family && other.prefix >= prefix &&
         contains(other.address);
}

bool Cidr::overlaps(const Cidr& other) const {
  return contains(other) || other.contains(*this);
}

std::string Cidr::to_string() const {
  return address.to_string() + "/" + std::to_string(prefix);
}

bool IpRange::contains(const IpAddress& ip) const {
  return !(ip < first) && !(last < ip);
}

bool IpRange::contains(const IpRange& other) const {
  return contains(other.first) && contains(other.last);
}

bool IpRange::overlaps(const IpRange& other) const {
  return first.family == other.first.family && !(last < other.first) && !(other.last < first);
}

std::string IpRange::to_string() const {
  return first.to_string() + "-" + last.to_string();
}

bool parse_ip(std::string_view text, IpAddress& out, LiteralError& error) {
  if (text.find(':') != std::string_view::npos) {
    out.family = IpFamily::V6;
    return parse_ipv6(text, out.value, error);
  }
  std::uint32_t v4 = 0;
  if (!parse_ipv4(text, 0, v4, error)) return false;
  out = IpAddress{IpFamily::V4, v4};
  return true;
}

bool parse_cidr(std::string_view text, Cidr& out, LiteralError& error) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos)
    return fail(error, "malformed CIDR: expected ADDRESS/PREFIX");
  IpAddress ip;
  if (!parse_ip(text.substr(0, slash), ip, error)) return false;
  std::string_view digits = text.substr(slash + 1);
  unsigned prefix = 0;
  for (char c : digits) {
    if (c < '0' || c > '9' || prefix > 1000) {
      return fail(error, "malformed CIDR prefix", slash + 1, digits.size());
    }
    prefix = prefix * 10 + static_cast<unsigned>(c - '0');
  }
  if (digits.empty() || prefix > ip.bits()) {
    return fail(error,
                fmt::format("prefix length /{} is out of range for an IPv{} network (0-{})", digits,
                            ip.family == IpFamily::V4 ? 4 : 6, ip.bits()),
                slash, digits.size() + 1);
  }
  uint128 mask = host_mask(ip.bits(), prefix);
  if ((ip.value & mask) != 0) {
    Cidr fixed{IpAddress{ip.family, ip.value & ~mask}, prefix};
    fail(error,
         fmt::format("{} has host bits set: it is not the first address of a /{} network", text,
                     prefix),
         0, 0, fmt::format("did you mean `{}`?", fixed.to_string()));
    error.host_bits_set = true;
    return false;
  }
  out = Cidr{ip, prefix};
  return true;
}

bool parse_ip_range(std::string_view text, IpRange& out, LiteralError& error) {
  std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) return fail(error, "malformed address range: expected A-B");
  IpAddress first;
  IpAddress last;
  if (!parse_ip(text.substr(0, dash), first, error)) return false;
  if (!parse_ip(text.substr(dash + 1), last, error)) {
    error.offset += error.length == 0 ? 0 : dash + 1;
    return false;
  }
  if (first.family != last.family) {
    return fail(error, "address range mixes IPv4 and IPv6");
  }
  if (last < first) {
    return fail(error, fmt::format("address range is empty: {} comes after {}", first.to_string(),
                                   last.to_string()));
  }
  out = IpRange{first, last};
  return true;
}

}  // namespace kmetal
