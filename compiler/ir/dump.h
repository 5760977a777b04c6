// dump_ir: the IR after every pass as stable, indented text (`kmetal check --dump-ir`), so a
// golden case pins what the compiler understood (allocations, defaults filled in, requests
// after overcommit, the object table and the Flux layers), not only that the spec is valid.
//   tenant acme
//     network 10.64.0.0/24 vlan 120 on physnet1
//     ...
#pragma once

#include <string>

#include "compiler/ir/platform.h"

namespace kmetal::ir {

std::string dump_ir(const Platform& platform);

}  // namespace kmetal::ir
