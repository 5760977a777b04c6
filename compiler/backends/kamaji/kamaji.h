// The kamaji backend: see kamaji.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::kamaji {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::kamaji
