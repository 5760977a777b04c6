// Reports shared by the checks.
#pragma once

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

// "tenant "a"" or "tenants "a" and 2 others"; `tenants` is not empty.
std::string tenants_phrase(const std::vector<const Tenant*>& tenants);

// One report at the platform for every tenant that lacks something the platform should give
// them all, with a note at the first. `without` is not empty; the caller adds the help.
template <typename Kind>
Diagnostic& report_tenants_without(DiagnosticEngine& diags, Kind kind, const Platform& p,
                                   const std::vector<const Tenant*>& without) {
  const Tenant& first = *without.front();
  return diags.report(kind, p.span, tenants_phrase(without))
      .note(first.span, "\"" + first.name + "\" declared here");
}

}  // namespace kmetal::ir
