// The capk backend: see capk.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::capk {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::capk
