#include "compiler/ir/interval_set.h"

#include <gtest/gtest.h>

namespace kmetal::ir {
namespace {

TEST(IntervalSet, MergesAndFindsOverlaps) {
  IntervalSet s;
  s.add(10, 19);
  s.add(30, 39);
  EXPECT_FALSE(s.overlapping(20, 29));
  EXPECT_EQ(s.overlapping(15, 35)->first, 30u);  // some overlapping interval
  EXPECT_TRUE(s.overlapping(39, 50));
  s.add(20, 29);  // touching on both sides: one interval now
  auto merged = s.overlapping(25, 25);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->first, 10u);
  EXPECT_EQ(merged->second, 39u);
  EXPECT_TRUE(s.contains(10));
  EXPECT_FALSE(s.contains(40));
  s.add(0, ~uint128{0});
  EXPECT_TRUE(s.contains(~uint128{0}));
}

}  // namespace
}  // namespace kmetal::ir
