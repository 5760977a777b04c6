#include "compiler/ir/passes.h"

#include "compiler/ir/allocate.h"
#include "compiler/ir/check_addons.h"
#include "compiler/ir/check_addresses.h"
#include "compiler/ir/check_attachments.h"
#include "compiler/ir/check_names.h"
#include "compiler/ir/check_placement.h"
#include "compiler/ir/check_reachability.h"
#include "compiler/ir/check_versions.h"
#include "compiler/ir/name_objects.h"

namespace kmetal::ir {

CapacityReport run_passes(Platform& platform, const Lock* previous, DiagnosticEngine& diags) {
  allocate(platform, previous, diags);  // rewriter: `auto` becomes a value
  name_objects(platform);               // rewriter: the object table and the Flux layers
  check_names(platform, diags);
  check_addresses(platform, diags);
  check_vlans(platform, diags);
  check_vips(platform, diags);
  check_egresses(platform, diags);
  check_versions(platform, previous, diags);
  check_reachability(platform, diags);
  check_addons(platform, diags);
  std::size_t before = diags.error_count();
  check_placement(platform, diags);
  if (diags.error_count() != before) return {};  // capacity needs pools and devices to resolve
  return check_capacity(platform, diags);
}

}  // namespace kmetal::ir
