// The ordered list of IR passes, in one place: allocation first (so every check sees final
// values), then name_objects, which names every object the backends will emit, then each
// checker (checkers only read the IR).
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/capacity.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

// Allocates `auto` values, names every object, runs every check; returns the capacity report.
CapacityReport run_passes(Platform& platform, const Lock* previous, DiagnosticEngine& diags);

}  // namespace kmetal::ir
