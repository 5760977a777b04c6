#include "compiler/ir/passes.h"

#include "compiler/ir/allocate.h"
#include "compiler/ir/check_addresses.h"
#include "compiler/ir/check_attachments.h"
#include "compiler/ir/check_names.h"
#include "compiler/ir/check_versions.h"
#include "compiler/ir/name_objects.h"

namespace kmetal::ir {

CapacityReport run_passes(Platform& platform, const Lock* previous, DiagnosticEngine& diags) {
  allocate(platform, previous, diags);  // rewriter: `auto` becomes a value
  check_names(platform, diags);
  check_addresses(platform, diags);
  check_vlans(platform, diags);
  check_vips(platform, diags);
  check_egresses(platform, diags);
  check_versions(platform, previous, diags);
  CapacityReport capacity = check_capacity(platform, diags);
  name_objects(platform);  // after the checks: names derive from final, valid values
  return capacity;
}

}  // namespace kmetal::ir
