#include "compiler/ir/report.h"

#include <string>

namespace kmetal::ir {

Diagnostic& report_tenants_without(DiagnosticEngine& diags, DiagKind kind, const Platform& p,
                                   const std::vector<const Tenant*>& without) {
  const Tenant& first = *without.front();
  std::string who = "tenant \"" + first.name + "\"";
  if (without.size() > 1) {
    std::size_t more = without.size() - 1;
    who = "tenants \"" + first.name + "\" and " + std::to_string(more) + " other" +
          (more == 1 ? "" : "s");
  }
  return diags.report(kind, p.span, who).note(first.span, "\"" + first.name + "\" declared here");
}

}  // namespace kmetal::ir
