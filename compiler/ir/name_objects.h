// name_objects: computes, once, the object names that several backends must agree on. The
// worker templates (KubevirtMachineTemplate, KubeadmConfigTemplate) are immutable, so their
// names end in a short hash of every IR field that shapes them:
//   tenant "acme", workers "gpu" (16 cpu, 64Gi, ...)  =>  acme-gpu-3f9c2a7e1b, and any change
//   to those fields gives a new name, which rolls the MachineDeployment instead of mutating.
// Backends read the names; none of them hashes or peeks at another's output.
#pragma once

#include "compiler/ir/platform.h"

namespace kmetal::ir {

// Bump when a backend changes what it writes into a template, so old names are not reused
// for different content.
inline constexpr int kMachineTemplateFormat = 1;
inline constexpr int kBootstrapTemplateFormat = 1;

void name_objects(Platform& platform);

}  // namespace kmetal::ir
