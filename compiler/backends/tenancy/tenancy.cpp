// tenancy: one Namespace per tenant (it holds the control-plane pods, the CAPI objects and
// the worker VMs), the identity Flux applies that tenant's layer with (a ServiceAccount in
// flux-system bound to cluster-admin inside the tenant's namespace only, so a tenant's
// Kustomization cannot touch another namespace or cluster-scoped objects), and the namespace's
// ResourceQuota (ir/quota.h: what check proved, with the headroom kmetal's own operations
// need) with a LimitRange that gives containers stating no requests a default request and no
// default limit (a default limit would cap the VMs: KubeVirt sets no limits of its own).
#include "compiler/backends/tenancy/tenancy.h"

#include "compiler/ir/quota.h"

namespace kmetal::backends::tenancy {
namespace {

// Byte counts in a quota, rounded up to whole mebibytes so they read as quantities.
std::int64_t whole_mebibytes(std::int64_t bytes) {
  constexpr std::int64_t kMi = std::int64_t{1} << 20;
  return bytes > INT64_MAX - kMi ? bytes : (bytes + kMi - 1) / kMi * kMi;
}

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::Tenant& t : selected_tenants(p, options)) {
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

    ir::Quota q = ir::tenant_quota(p, t);
    Object hard = {{"requests.cpu", cpu_quantity(q.compute.millicores)},
                   {"requests.memory", memory_quantity(whole_mebibytes(q.compute.memory))},
                   {"requests.storage", memory_quantity(whole_mebibytes(q.storage))}};
    for (const auto& [cls, bytes] : q.per_class) {
      hard[cls + ".storageclass.storage.k8s.io/requests.storage"] =
          memory_quantity(whole_mebibytes(bytes));
    }
    for (const auto& [resource, count] : q.devices) {
      hard["requests." + resource] = std::to_string(count);
    }
    Object quota = make_object(p, o.quota);
    quota["spec"] = {{"hard", std::move(hard)}};
    out.add(o.quota, std::move(quota));
    Object limits = make_object(p, o.limits);
    limits["spec"] = {
        {"limits",
         Object::array({{{"type", "Container"},
                         {"defaultRequest",
                          {{"cpu", cpu_quantity(ir::kDefaultContainerRequest.millicores)},
                           {"memory", memory_quantity(ir::kDefaultContainerRequest.memory)}}}}})}};
    out.add(o.limits, std::move(limits));
  }
  return out;
}

}  // namespace kmetal::backends::tenancy
