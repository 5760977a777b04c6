// What backends produce: Kubernetes objects as data (nlohmann::ordered_json, built field by
// field, never from text templates), each the object of one row of the IR's object table.
// The emitter alone decides YAML syntax and document order; the path each object lands in
// comes from the table (fixed by link() for content-addressed objects).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/platform.h"

namespace kmetal::backends {

using Object = nlohmann::ordered_json;

struct Manifest {
  ir::ObjectId id;
  Object object;
  // JSON pointers inside `object` that name another object: link() writes that object's final
  // name there (a content-addressed name is known only once its object is built).
  std::vector<std::pair<std::string, ir::ObjectId>> refs;
  std::string path;  // set by link()
  // Set by link() when the object is applied inside a tenant cluster: its folder is applied
  // on its own (by a Kustomization with the tenant's kubeconfig), never as part of its parent.
  bool inside_tenant = false;
};

struct ManifestSet {
  std::vector<Manifest> manifests;
  Manifest& add(ir::ObjectId id, Object object) {
    manifests.push_back({id, std::move(object), {}, {}, false});
    return manifests.back();
  }
  void append(ManifestSet other) {
    for (Manifest& m : other.manifests) manifests.push_back(std::move(m));
  }
};

// apiVersion, kind and metadata (name, namespace, kmetal's labels) of a table row, in
// canonical order. A content-addressed object gets its final name from link().
Object make_object(const ir::Platform& platform, ir::ObjectId id);

// The name of a table row that is not content-addressed.
const std::string& name_of(const ir::Platform& platform, ir::ObjectId id);

// A Kubernetes quantity string for millicores ("500m", "4") and bytes ("16Gi", "1536Mi").
std::string cpu_quantity(std::int64_t millicores);
std::string memory_quantity(std::int64_t bytes);

}  // namespace kmetal::backends
