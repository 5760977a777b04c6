// flux: the entry point Flux bootstraps from, one Kustomization per layer of the tree
// (name_objects decides the layers): the shared platform objects first, then per tenant its
// network, its egress path (overlay tenants), and last its own objects. Each layer waits for
// the health of what it applies (`wait`) and starts only when the layers it depends on are
// ready, so one tenant's unhealthy object holds back that tenant alone, and Kube-OVN's
// webhook finds every object a NAT object refers to already created. The tenant's own layer
// runs inside its namespace only, impersonating its ServiceAccount. All Kustomizations live in
// flux-system beside the GitRepository they read, so no sourceRef crosses namespaces.
#include "compiler/backends/flux/flux.h"

namespace kmetal::backends::flux {

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::FluxLayer& layer : shared_part(p.layers, options)) {
    Object k = make_object(p, layer.kustomization);
    k["spec"] = {{"interval", options.interval},
                 {"path", "./" + layer.folder},
                 {"prune", true},
                 {"wait", true},
                 {"timeout", "15m"},
                 {"sourceRef", {{"kind", "GitRepository"}, {"name", options.source_name}}}};
    if (!layer.depends_on.empty()) {
      Object depends = Object::array();
      for (std::size_t d : layer.depends_on) {
        depends.push_back({{"name", name_of(p, p.layers.at(d).kustomization)}});
      }
      k["spec"]["dependsOn"] = std::move(depends);
    }
    if (layer.as_tenant) {
      const ir::TenantObjects& o = p.tenant(layer.tenant).objects;
      k["spec"]["serviceAccountName"] = name_of(p, o.flux_account);
      k["spec"]["targetNamespace"] = name_of(p, o.ns);
    }
    out.add(layer.kustomization, std::move(k));
  }
  return out;
}

}  // namespace kmetal::backends::flux
