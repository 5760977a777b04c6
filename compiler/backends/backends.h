// The backend table: every target, in one explicit list (no self-registration). Each entry
// is a pure function of the checked IR; none does I/O or reads another's output.
#pragma once

#include <string_view>
#include <vector>

#include "compiler/backends/manifest.h"
#include "compiler/ir/platform.h"

namespace kmetal::backends {

struct Options {
  std::string source_name = "flux-system";  // the Flux GitRepository that holds the tree
  std::string interval = "10m";             // how often Flux reconciles
};

using LowerFn = ManifestSet (*)(const ir::Platform&, const Options&);

struct Backend {
  std::string_view name;
  LowerFn lower;
};

const std::vector<Backend>& backend_table();

// Every backend's manifests, in table order, linked (link.h): final names, references, paths.
ManifestSet lower_all(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends
