// The standard library modules embedded in the kmetal binary (generated from stdlib/*.kmetal).
#pragma once

#include <string_view>
#include <vector>

namespace kmetal::stdlib {

struct Module {
  std::string_view name;  // "flavors" for std/flavors
  std::string_view text;
};

// Sorted by name.
const std::vector<Module>& modules();

}  // namespace kmetal::stdlib
