// Reports shared by the checks.
#pragma once

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

// One report at the platform for every tenant that lacks something the platform should give
// them all: "tenant "a"" or "tenants "a" and 2 others", with a note at the first. `without` is
// not empty; the caller adds the help.
Diagnostic& report_tenants_without(DiagnosticEngine& diags, DiagKind kind, const Platform& p,
                                   const std::vector<const Tenant*>& without);

}  // namespace kmetal::ir
