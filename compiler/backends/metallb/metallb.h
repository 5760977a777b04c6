// The metallb backend: see metallb.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::metallb {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::metallb
