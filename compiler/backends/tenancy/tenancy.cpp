// tenancy: one Namespace per tenant (it holds the control-plane pods, the CAPI objects and
// the worker VMs), and the identity Flux applies that tenant's layer with: a ServiceAccount
// in flux-system bound to cluster-admin inside the tenant's namespace only, so a tenant's
// Kustomization cannot touch another namespace or cluster-scoped objects.
#include "compiler/backends/tenancy/tenancy.h"

namespace kmetal::backends::tenancy {

std::string service_account(const std::string& tenant) {
  return "kmetal-tenant-" + tenant;
}

ManifestSet lower(const ir::Platform& p, const Options&) {
  ManifestSet out;
  for (const ir::Tenant& t : p.tenants) {
    out.add(Layer::Platform, {}, make_object("v1", "Namespace", t.name, {}, t.name));
    out.add(Layer::Platform, {},
            make_object("v1", "ServiceAccount", service_account(t.name), "flux-system", t.name));
    Object binding = make_object("rbac.authorization.k8s.io/v1", "RoleBinding", "kmetal-reconciler",
                                 t.name, t.name);
    binding["roleRef"] = {{"apiGroup", "rbac.authorization.k8s.io"},
                          {"kind", "ClusterRole"},
                          {"name", "cluster-admin"}};
    binding["subjects"] = Object::array({{{"kind", "ServiceAccount"},
                                          {"name", service_account(t.name)},
                                          {"namespace", "flux-system"}}});
    out.add(Layer::Platform, {}, std::move(binding));
  }
  return out;
}

}  // namespace kmetal::backends::tenancy
