// The KubeVirt cloud provider of each tenant that declares one: see cloud_provider.cpp.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::addons {

void lower_cloud_provider(const ir::Platform& platform, const Options& options, ManifestSet& out);

}  // namespace kmetal::backends::addons
