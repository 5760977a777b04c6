// The backend table: every target, in one explicit list (no self-registration). Each entry
// is a pure function of the checked IR; none does I/O or reads another's output.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "compiler/backends/manifest.h"
#include "compiler/ir/platform.h"

namespace kmetal::backends {

struct Options {
  std::string source_name = "flux-system";  // the Flux GitRepository that holds the tree
  std::string interval = "10m";             // how often Flux reconciles
  // What to lower: the shared objects (no tenant's), and the tenants whose entry is true, in
  // Platform::tenants order (every tenant when empty). The Flux Kustomizations are all shared:
  // they live in the entry point's files.
  bool shared = true;
  std::vector<bool> tenants;
};

// The tenants `options` selects, in order.
std::vector<std::reference_wrapper<const ir::Tenant>> selected_tenants(const ir::Platform& p,
                                                                       const Options& options);

// `all` when `options` selects the shared objects, else nothing.
template <typename T>
const std::vector<T>& shared_part(const std::vector<T>& all, const Options& options) {
  static const std::vector<T> none;
  return options.shared ? all : none;
}

using LowerFn = ManifestSet (*)(const ir::Platform&, const Options&);

struct Backend {
  std::string_view name;
  LowerFn lower;
};

const std::vector<Backend>& backend_table();

// Every backend's manifests, in table order, linked (link.h): final names, references, paths.
ManifestSet lower_all(const ir::Platform& platform, const Options& options);

}  // namespace kmetal::backends
