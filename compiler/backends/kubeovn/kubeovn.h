// The kubeovn backend: see kubeovn.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::kubeovn {

ManifestSet lower(const ir::Platform& platform, const Options& options);

// The external Subnet and NetworkAttachmentDefinition name of a platform egress.
std::string egress_attachment(const std::string& egress);

}  // namespace kmetal::backends::kubeovn
