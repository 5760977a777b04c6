// The tenancy backend: see tenancy.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::tenancy {

ManifestSet lower(const ir::Platform& platform, const Options& options);

// The ServiceAccount (in flux-system) that applies a tenant's layer.
std::string service_account(const std::string& tenant);

}  // namespace kmetal::backends::tenancy
