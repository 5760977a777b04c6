// A set of disjoint closed intervals of 128-bit integers (addresses or VLAN ids), kept
// merged in a map so adding and finding an overlap are O(log n).
#pragma once

#include <map>
#include <optional>
#include <utility>

#include "compiler/base/address.h"

namespace kmetal::ir {

class IntervalSet {
 public:
  void add(uint128 first, uint128 last);
  // Some interval of the set that overlaps [first, last], if any.
  std::optional<std::pair<uint128, uint128>> overlapping(uint128 first, uint128 last) const;
  bool contains(uint128 value) const { return overlapping(value, value).has_value(); }

 private:
  std::map<uint128, uint128> by_first_;  // first -> last
};

}  // namespace kmetal::ir
