#include "compiler/base/number.h"

#include <gtest/gtest.h>

namespace kmetal {
namespace {

Number number(std::string_view text) {
  Number out;
  LiteralError error;
  EXPECT_TRUE(parse_number(text, out, error)) << text << ": " << error.message;
  return out;
}

std::int64_t scaled(std::string_view text, std::int64_t unit) {
  std::int64_t out = 0;
  EXPECT_EQ(to_scaled_integer(number(text), unit, out), "") << text;
  return out;
}

TEST(Number, QuantitiesConvertExactly) {
  EXPECT_EQ(scaled("500m", 1000), 500);
  EXPECT_EQ(scaled("4", 1000), 4000);
  EXPECT_EQ(scaled("2.5", 1000), 2500);
  EXPECT_EQ(scaled("16Gi", 1), 16LL << 30);
  EXPECT_EQ(scaled("2Ti", 1), 2LL << 40);
  EXPECT_EQ(scaled("1.5Gi", 1), 3LL << 29);
  EXPECT_EQ(scaled("8k", 1), 8000);
  EXPECT_EQ(scaled("-3", 1), -3);
}

TEST(Number, ReportsOverflowAndLostPrecision) {
  std::int64_t out = 0;
  EXPECT_EQ(to_scaled_integer(number("16Ei"), 1, out), "is too large");
  EXPECT_EQ(to_scaled_integer(number("9223372036854775808"), 1, out), "is too large");
  EXPECT_EQ(to_scaled_integer(number("1.5m"), 1000, out), "is finer than the smallest unit");
  EXPECT_EQ(to_scaled_integer(number("500m"), 1, out), "is finer than the smallest unit");
  EXPECT_EQ(to_scaled_integer(number("9223372036854775807"), 1, out), "");
}

TEST(Number, RejectsMalformed) {
  Number out;
  LiteralError error;
  EXPECT_FALSE(parse_number("0x10", out, error));
  EXPECT_FALSE(parse_number("1e3", out, error));
  EXPECT_FALSE(parse_number("16GB", out, error));
  EXPECT_FALSE(parse_number("99999999999999999999999", out, error));
  EXPECT_NE(error.message.find("too large"), std::string::npos);
}

}  // namespace
}  // namespace kmetal
