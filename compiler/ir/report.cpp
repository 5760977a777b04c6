#include "compiler/ir/report.h"

#include <string>

namespace kmetal::ir {

std::string tenants_phrase(const std::vector<const Tenant*>& tenants) {
  const Tenant& first = *tenants.front();
  if (tenants.size() == 1) return "tenant \"" + first.name + "\"";
  std::size_t more = tenants.size() - 1;
  return "tenants \"" + first.name + "\" and " + std::to_string(more) + " other" +
         (more == 1 ? "" : "s");
}

}  // namespace kmetal::ir
