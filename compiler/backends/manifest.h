// What backends produce: Kubernetes objects as data (nlohmann::ordered_json, built field by
// field, never from text templates), each tagged with the layer of the output tree it
// belongs to. The emitter alone decides files, order and YAML syntax.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kmetal::backends {

using Object = nlohmann::ordered_json;

enum class Layer {
  Cluster,   // clusters/<platform>/: the Flux Kustomizations (entry point for bootstrap)
  Platform,  // platform/<platform>/: cluster-scoped and shared objects
  Tenant,    // tenants/<tenant>/: the tenant's namespaced objects
};

struct Manifest {
  Layer layer = Layer::Platform;
  std::string tenant;  // for Layer::Tenant
  std::string file;    // file name to group into; empty: one file per object
  Object object;
};

struct ManifestSet {
  std::vector<Manifest> manifests;
  void add(Layer layer, std::string tenant, Object object, std::string file = {}) {
    manifests.push_back({layer, std::move(tenant), std::move(file), std::move(object)});
  }
  void append(ManifestSet other) {
    for (Manifest& m : other.manifests) manifests.push_back(std::move(m));
  }
};

// apiVersion, kind and metadata (name, optional namespace, kmetal's labels) in canonical order.
Object make_object(std::string_view api_version, std::string_view kind, const std::string& name,
                   const std::string& ns = {}, const std::string& tenant = {});

// A Kubernetes quantity string for millicores ("500m", "4") and bytes ("16Gi", "1536Mi").
std::string cpu_quantity(std::int64_t millicores);
std::string memory_quantity(std::int64_t bytes);

}  // namespace kmetal::backends
