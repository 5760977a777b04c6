// flux: the entry point Flux bootstraps from. One Kustomization applies the platform layer;
// one per tenant applies that tenant's layer after the platform is ready (dependsOn), into
// the tenant's namespace only, impersonating the tenant's own service account. All live in
// flux-system beside the GitRepository they read, so no sourceRef crosses namespaces.
#include "compiler/backends/flux/flux.h"

#include "compiler/backends/tenancy/tenancy.h"

namespace kmetal::backends::flux {
namespace {

constexpr const char* kApi = "kustomize.toolkit.fluxcd.io/v1";
constexpr const char* kNamespace = "flux-system";

Object kustomization(const std::string& name, const std::string& path, const Options& o) {
  Object k = make_object(kApi, "Kustomization", name, kNamespace);
  k["spec"] = {{"interval", o.interval},
               {"path", path},
               {"prune", true},
               {"wait", true},
               {"timeout", "15m"},
               {"sourceRef", {{"kind", "GitRepository"}, {"name", o.source_name}}}};
  return k;
}

}  // namespace

std::string platform_kustomization(const ir::Platform& p) {
  return p.name + "-platform";
}

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  out.add(Layer::Cluster, {},
          kustomization(platform_kustomization(p), "./platform/" + p.name, options),
          "platform.yaml");
  for (const ir::Tenant& t : p.tenants) {
    Object k = kustomization(p.name + "-tenant-" + t.name, "./tenants/" + t.name, options);
    k["metadata"]["labels"]["kmetal.io/tenant"] = t.name;
    k["spec"]["dependsOn"] = Object::array({{{"name", platform_kustomization(p)}}});
    k["spec"]["serviceAccountName"] = tenancy::service_account(t.name);
    k["spec"]["targetNamespace"] = t.name;
    out.add(Layer::Cluster, {}, std::move(k), "tenants.yaml");
  }
  return out;
}

}  // namespace kmetal::backends::flux
