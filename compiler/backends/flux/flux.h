// The flux backend: see flux.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::flux {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::flux
