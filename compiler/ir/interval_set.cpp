#include "compiler/ir/interval_set.h"

namespace kmetal::ir {

void IntervalSet::add(uint128 first, uint128 last) {
  // Merge with every interval that overlaps or touches [first, last].
  auto it = by_first_.upper_bound(first);
  if (it != by_first_.begin()) {
    auto prev = std::prev(it);
    if (prev->second >= first || (first > 0 && prev->second == first - 1)) it = prev;
  }
  while (it != by_first_.end() && (last == ~uint128{0} || it->first <= last + 1)) {
    first = std::min(first, it->first);
    last = std::max(last, it->second);
    it = by_first_.erase(it);
  }
  by_first_.emplace(first, last);
}

std::optional<std::pair<uint128, uint128>> IntervalSet::overlapping(uint128 first,
                                                                    uint128 last) const {
  auto it = by_first_.upper_bound(last);
  if (it == by_first_.begin()) return std::nullopt;
  --it;  // the last interval starting at or before `last`
  if (it->second >= first) return *it;
  return std::nullopt;
}

}  // namespace kmetal::ir
