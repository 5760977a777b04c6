// The KubeVirt CSI driver of each tenant that declares one: see csi.cpp.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::addons {

void lower_csi(const ir::Platform& platform, const Options& options, ManifestSet& out);

}  // namespace kmetal::backends::addons
