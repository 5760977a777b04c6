#include "compiler/base/text.h"

#include <gtest/gtest.h>

namespace kmetal {
namespace {

TEST(Text, FindsInvalidUtf8) {
  EXPECT_FALSE(find_invalid_utf8("plain ascii"));
  EXPECT_FALSE(find_invalid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_EQ(find_invalid_utf8("ab\xFFz")->offset, 2u);
  EXPECT_TRUE(find_invalid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_TRUE(find_invalid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_TRUE(find_invalid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_TRUE(find_invalid_utf8("ok\xE2\x82"));        // truncated at end
}

TEST(Text, DecodesAndEncodesRoundTrip) {
  for (char32_t cp : {U'a', U'\u00e9', U'\u202e', U'\U0001F600'}) {
    std::string s;
    append_utf8(s, cp);
    std::size_t offset = 0;
    EXPECT_EQ(decode_utf8(s, offset), cp);
    EXPECT_EQ(offset, s.size());
  }
  EXPECT_EQ(count_code_points("caf\xC3\xA9"), 4u);
}

TEST(Text, Fnv1aIsTheReferenceFunction) {
  // Published FNV-1a 64 test vectors (the empty string is the offset basis).
  EXPECT_EQ(fnv1a(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(fnv1a("bar", fnv1a("foo")), fnv1a("foobar"));
}

TEST(Text, SuggestsClosestName) {
  std::vector<std::string> names{"replicas", "flavor", "image", "cpu", "memory", "disk"};
  EXPECT_EQ(closest_match("replica", names), "replicas");
  EXPECT_EQ(closest_match("falvor", names), "flavor");  // transposition counts once
  EXPECT_EQ(closest_match("zzzzzz", names), std::nullopt);
  EXPECT_EQ(closest_match("cpx", names), "cpu");
}

TEST(Text, Dns1123Labels) {
  EXPECT_EQ(dns1123_label_problem("acme-1"), "");
  EXPECT_NE(dns1123_label_problem("Acme"), "");
  EXPECT_NE(dns1123_label_problem("-acme"), "");
  EXPECT_NE(dns1123_label_problem("ac_me"), "");
  EXPECT_NE(dns1123_label_problem(std::string(64, 'a')), "");
  EXPECT_EQ(dns1123_label_problem(std::string(63, 'a')), "");
}

TEST(Text, ExtendedResourceNames) {
  EXPECT_EQ(extended_resource_problem("nvidia.com/GA102GL_A10"), "");
  EXPECT_EQ(extended_resource_problem("devices.kubevirt.io/kvm"), "");
  EXPECT_EQ(extended_resource_problem("GA102GL_A10"), "it has no `<domain>/` prefix");
  EXPECT_EQ(extended_resource_problem("kubernetes.io/gpu"),
            "the kubernetes.io domain is Kubernetes' own");
  EXPECT_NE(extended_resource_problem("Nvidia.com/a"), "");
  EXPECT_NE(extended_resource_problem("nvidia.com/-a"), "");
  EXPECT_NE(extended_resource_problem("nvidia.com/"), "");
}

TEST(Text, DnsSubdomains) {
  EXPECT_EQ(dns_subdomain_problem("dc1.example.net"), "");
  EXPECT_EQ(dns_subdomain_problem("tor-a-password"), "");
  EXPECT_EQ(dns_subdomain_problem("a..b"), "label \"\": it is empty");
  EXPECT_EQ(dns_subdomain_problem("a.B"), "label \"B\": it contains uppercase letters");
  EXPECT_EQ(dns_subdomain_problem(""), "label \"\": it is empty");
  std::string long_name;
  for (int i = 0; i < 64; ++i) long_name += "abc.";
  EXPECT_EQ(dns_subdomain_problem(long_name + "x"), "it is longer than 253 characters");
}

}  // namespace
}  // namespace kmetal
