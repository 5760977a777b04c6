// A typed index into a vector: ids of different kinds (files, tenants, pools) do not mix.
#pragma once

#include <cstdint>

namespace kmetal {

template <typename Tag>
struct TypedId {
  std::uint32_t value = UINT32_MAX;
  bool valid() const { return value != UINT32_MAX; }
  friend bool operator==(TypedId a, TypedId b) { return a.value == b.value; }
  friend bool operator!=(TypedId a, TypedId b) { return a.value != b.value; }
  friend bool operator<(TypedId a, TypedId b) { return a.value < b.value; }
};

}  // namespace kmetal
