// The kubeovn backend: see kubeovn.cpp for what it emits and why.
#pragma once

#include "compiler/backends/backends.h"

namespace kmetal::backends::kubeovn {

ManifestSet lower(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends::kubeovn
