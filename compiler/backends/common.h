// Facts about a tenant that several backends state the same way, derived from the IR only.
#pragma once

#include <string>

#include "compiler/backends/manifest.h"
#include "compiler/ir/platform.h"

namespace kmetal::backends {

// The port of a tenant's API at its VIP and Service: Kamaji's default networkProfile.port,
// which the kamaji backend leaves as it is.
inline constexpr int kTenantApiPort = 6443;

// "v1.31.4": the form Cluster API and Kamaji take versions in.
inline std::string capi_version(const ir::Version& v) {
  return "v" + v.to_string();
}

}  // namespace kmetal::backends
