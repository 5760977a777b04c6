#include "compiler/base/address.h"

#include <gtest/gtest.h>

namespace kmetal {
namespace {

IpAddress ip(std::string_view text) {
  IpAddress out;
  LiteralError error;
  EXPECT_TRUE(parse_ip(text, out, error)) << text << ": " << error.message;
  return out;
}

Cidr cidr(std::string_view text) {
  Cidr out;
  LiteralError error;
  EXPECT_TRUE(parse_cidr(text, out, error)) << text << ": " << error.message;
  return out;
}

LiteralError cidr_error(std::string_view text) {
  Cidr out;
  LiteralError error;
  EXPECT_FALSE(parse_cidr(text, out, error)) << text;
  return error;
}

TEST(Address, ParsesAndPrintsIpv4) {
  EXPECT_EQ(ip("192.0.2.1").to_string(), "192.0.2.1");
  EXPECT_EQ(ip("0.0.0.0").value, 0u);
  EXPECT_EQ(ip("255.255.255.255").value, 0xFFFFFFFFu);
}

TEST(Address, RejectsBadIpv4WithPositionOfTheOctet) {
  IpAddress out;
  LiteralError error;
  ASSERT_FALSE(parse_ip("300.1.1.1", out, error));
  EXPECT_EQ(error.offset, 0u);
  EXPECT_EQ(error.length, 3u);
  ASSERT_FALSE(parse_ip("10.0.0.256", out, error));
  EXPECT_EQ(error.offset, 7u);
  EXPECT_FALSE(parse_ip("010.0.0.1", out, error));
  EXPECT_FALSE(parse_ip("1.2.3", out, error));
}

TEST(Address, ParsesIpv6InAllForms) {
  EXPECT_EQ(ip("2001:db8::1").to_string(), "2001:db8::1");
  EXPECT_EQ(ip("2001:0DB8:0000:0000:0000:0000:0000:0001").to_string(), "2001:db8::1");
  EXPECT_EQ(ip("::").to_string(), "::");
  EXPECT_EQ(ip("::1").to_string(), "::1");
  EXPECT_EQ(ip("fe80::").to_string(), "fe80::");
  EXPECT_EQ(ip("::ffff:192.0.2.1").value, (uint128{0xFFFF} << 32) | 0xC0000201u);
  // RFC 5952: the longest zero run is compressed, a single zero group is not.
  EXPECT_EQ(ip("2001:db8:0:1:0:0:0:1").to_string(), "2001:db8:0:1::1");
  EXPECT_EQ(ip("2001:db8:0:0:1:0:0:1").to_string(), "2001:db8::1:0:0:1");
}

TEST(Address, RejectsBadIpv6) {
  IpAddress out;
  LiteralError error;
  EXPECT_FALSE(parse_ip("1::2::3", out, error));
  EXPECT_FALSE(parse_ip("12345::1", out, error));
  EXPECT_FALSE(parse_ip("1:2:3:4:5:6:7", out, error));
  EXPECT_FALSE(parse_ip("1:2:3:4:5:6:7:8:9", out, error));
  EXPECT_FALSE(parse_ip("g::1", out, error));
}

TEST(Address, CidrContainmentAndOverlap) {
  Cidr space = cidr("10.64.0.0/10");
  EXPECT_TRUE(space.contains(cidr("10.64.0.0/24")));
  EXPECT_TRUE(space.contains(cidr("10.127.255.0/24")));
  EXPECT_FALSE(space.contains(cidr("10.128.0.0/24")));
  EXPECT_FALSE(cidr("10.64.0.0/24").contains(space));
  EXPECT_TRUE(cidr("10.64.0.0/23").overlaps(cidr("10.64.1.0/24")));
  EXPECT_FALSE(cidr("10.64.0.0/24").overlaps(cidr("10.64.1.0/24")));
  EXPECT_EQ(space.last().to_string(), "10.127.255.255");
  EXPECT_EQ(cidr("0.0.0.0/0").last().to_string(), "255.255.255.255");
  EXPECT_EQ(cidr("::/0").last().to_string(), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_FALSE(cidr("::/0").contains(ip("10.0.0.1")));  // families never mix
}

TEST(Address, CidrErrors) {
  EXPECT_NE(cidr_error("10.0.0.0/33").message.find("out of range"), std::string::npos);
  EXPECT_NE(cidr_error("2001:db8::/129").message.find("0-128"), std::string::npos);
  LiteralError host = cidr_error("10.0.0.1/24");
  EXPECT_NE(host.message.find("host bits"), std::string::npos);
  EXPECT_TRUE(host.host_bits_set);
  EXPECT_EQ(host.help, "did you mean `10.0.0.0/24`?");
  EXPECT_EQ(cidr_error("10.0.0.256/24").offset, 7u);
}

TEST(Address, Ranges) {
  IpRange range;
  LiteralError error;
  ASSERT_TRUE(parse_ip_range("192.0.2.16-192.0.2.254", range, error));
  EXPECT_TRUE(range.contains(ip("192.0.2.20")));
  EXPECT_FALSE(range.contains(ip("192.0.2.15")));
  EXPECT_TRUE(range.overlaps(IpRange::of(cidr("192.0.2.0/27"))));
  EXPECT_FALSE(range.overlaps(IpRange::of(cidr("192.0.2.0/28"))));
  EXPECT_FALSE(parse_ip_range("192.0.2.9-192.0.2.1", range, error));
  EXPECT_FALSE(parse_ip_range("192.0.2.1-::1", range, error));
  ASSERT_FALSE(parse_ip_range("192.0.2.1-192.0.2.300", range, error));
  EXPECT_EQ(error.offset, 10u + 8u);
}

}  // namespace
}  // namespace kmetal
