// The ordered list of IR passes, in one place: allocation first (so every check sees final
// values), then each checker (checkers only read the IR), then name_objects, which names
// what the backends share.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/capacity.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

// Allocates `auto` values, runs every check and names shared objects; returns the capacity
// report.
CapacityReport run_passes(Platform& platform, const Lock* previous, DiagnosticEngine& diags);

}  // namespace kmetal::ir
