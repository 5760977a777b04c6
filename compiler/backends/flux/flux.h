// The flux backend: see flux.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::flux {

ManifestSet lower(const ir::Platform& platform, const Options& options);

// The name of the Kustomization that applies the platform layer.
std::string platform_kustomization(const ir::Platform& platform);

}  // namespace kmetal::backends::flux
