// The tenancy backend: see tenancy.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::tenancy {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::tenancy
