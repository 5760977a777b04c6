// allocate: gives every `auto` a value, and every overlay tenant an egress address.
//
//   tenant "b" { network { cidr = auto prefix = 24 } }    =>   cidr = 10.64.1.0/24
//   (tenant "a" holds 10.64.0.0/24; the lock says nothing of "b")
//
// Deterministic and stable: values recorded in the previous lock are kept first, as long as
// they are still valid and free; only then are new values taken, first fit, in tenant-name
// order. So adding, removing or reordering tenants never moves an existing allocation.
// Exhaustion is reported at the `auto`. Conflicts among written values are left to checks.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

void allocate(Platform& platform, const Lock* previous, DiagnosticEngine& diags);

}  // namespace kmetal::ir
