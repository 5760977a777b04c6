// Facts about a tenant that several backends state the same way, derived from the IR only.
#pragma once

#include <string>

#include "compiler/backends/manifest.h"
#include "compiler/ir/platform.h"

namespace kmetal::backends {

// "v1.31.4": the form Cluster API and Kamaji take versions in.
inline std::string capi_version(const ir::Version& v) {
  return "v" + v.to_string();
}

// Who may reach the tenant's API VIP, as the VIP sees them: its workers after SNAT (the
// egress address) or on their VLAN (the subnet), plus the declared admin ranges.
Object vip_source_ranges(const ir::Platform& platform, const ir::Tenant& tenant);

}  // namespace kmetal::backends
