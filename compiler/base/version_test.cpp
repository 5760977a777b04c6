#include "compiler/base/version.h"

#include <gtest/gtest.h>

namespace kmetal {
namespace {

TEST(Version, ParsesThreeParts) {
  Version v;
  EXPECT_EQ(parse_version("1.31.4", v), "");
  EXPECT_EQ(v.to_string(), "1.31.4");
  EXPECT_EQ(parse_version("0.0.0", v), "");
  EXPECT_EQ(parse_version("1.35.99999", v), "");
  EXPECT_EQ(v.patch, 99999);
}

TEST(Version, RefusesWhatNoOtherParserWouldAccept) {
  Version v{9, 9, 9};
  // Every refusal leaves `out` alone and says why, so no later stage meets a half-parsed value.
  EXPECT_EQ(parse_version("1.31.1234567", v), "patch 1234567 has more than 5 digits");
  EXPECT_EQ(parse_version("1.31", v), "it has 2 parts");
  EXPECT_EQ(parse_version("1.31.4.5", v), "it has more than three parts");
  EXPECT_EQ(parse_version("1..4", v), "the minor part is empty");
  EXPECT_EQ(parse_version("1.31.", v), "the patch part is empty");
  EXPECT_EQ(parse_version("v1.31.4", v), "`v` is not a digit or a dot");
  EXPECT_EQ(parse_version("1.031.4", v), "minor 031 has a leading zero");
  EXPECT_EQ(parse_version("", v), "the major part is empty");
  EXPECT_EQ(v.to_string(), "9.9.9");
}

TEST(Version, OrdersNumerically) {
  Version a;
  Version b;
  ASSERT_EQ(parse_version("1.9.10", a), "");
  ASSERT_EQ(parse_version("1.10.0", b), "");
  EXPECT_TRUE(a < b);
  EXPECT_FALSE(b < a);
  EXPECT_FALSE(a == b);
}

}  // namespace
}  // namespace kmetal
