// The addons backend: see addons.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::addons {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::addons
