// The output tree, in memory: every file of the Flux layout (DESIGN §4) with its exact bytes,
// sorted by path. The directory writer and the git writer both consume this value.
//
//   clusters/<platform>/{kustomization,platform,tenants}.yaml   Flux entry point
//   platform/<platform>/shared/...                            shared platform objects
//   platform/<platform>/tenants/<tenant>/{network,egress,snat}/  a tenant's platform layers
//   tenants/<tenant>/...                                      one tenant's namespaced objects
//   kmetal.lock                                               allocations and versions
//
// Every object's path comes from the IR's object table (ir/objects.h); this adds the
// kustomization.yaml of every folder, listing its files and subfolders.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/backends/manifest.h"

namespace kmetal::emit {

using FileTree = std::map<std::string, std::string>;  // path -> contents

// Takes the manifests by value and frees each object once its file is written, so the model
// and the tree it becomes are not both whole at once (pass an rvalue). `kept` are folders
// whose files are not in `manifests` but stay as a previous tree holds them (a tenant a
// publish did not lower again): each is listed in its parent's kustomization.yaml, and nothing
// inside it is written.
FileTree make_tree(backends::ManifestSet manifests, const std::string& lock,
                   const std::vector<std::string>& kept = {});

// Every object of the tree as one YAML stream (documents separated by ---), in path order.
std::string yaml_stream(const backends::ManifestSet& manifests);

}  // namespace kmetal::emit
