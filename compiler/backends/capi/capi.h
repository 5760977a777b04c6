// The capi backend: see capi.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::capi {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::capi
