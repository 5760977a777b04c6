// check_names: tenant names are not namespaces the platform itself uses, and every name
// derived from tenant and worker-group names stays a valid Kubernetes/DNS name.
//   tenant "kube-system" { ... }   =>  error KM2001
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

// Longest generated suffix: "-<group>-" plus a 10-character content hash on machine templates.
inline constexpr std::size_t kTemplateHashLength = 10;

void check_names(const Platform& platform, DiagnosticEngine& diags);

}  // namespace kmetal::ir
