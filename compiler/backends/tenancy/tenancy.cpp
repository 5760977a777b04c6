// tenancy: one Namespace per tenant (it holds the control-plane pods, the CAPI objects and
// the worker VMs), and the identity Flux applies that tenant's layer with: a ServiceAccount
// in flux-system bound to cluster-admin inside the tenant's namespace only, so a tenant's
// Kustomization cannot touch another namespace or cluster-scoped objects.
#include "compiler/backends/tenancy/tenancy.h"

namespace kmetal::backends::tenancy {

ManifestSet lower(const ir::Platform& p, const Options&) {
  ManifestSet out;
  for (const ir::Tenant& t : p.tenants) {
    const ir::TenantObjects& o = t.objects;
    out.add(o.ns, make_object(p, o.ns));
    out.add(o.flux_account, make_object(p, o.flux_account));
    Object binding = make_object(p, o.flux_binding);
    binding["roleRef"] = {{"apiGroup", "rbac.authorization.k8s.io"},
                          {"kind", "ClusterRole"},
                          {"name", "cluster-admin"}};
    const ir::ObjectName& account = p.object(o.flux_account);
    binding["subjects"] = Object::array(
        {{{"kind", "ServiceAccount"}, {"name", account.name}, {"namespace", account.ns}}});
    out.add(o.flux_binding, std::move(binding));
  }
  return out;
}

}  // namespace kmetal::backends::tenancy
