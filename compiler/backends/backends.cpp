#include "compiler/backends/backends.h"

#include "compiler/backends/addons/addons.h"
#include "compiler/backends/capi/capi.h"
#include "compiler/backends/capk/capk.h"
#include "compiler/backends/flux/flux.h"
#include "compiler/backends/kamaji/kamaji.h"
#include "compiler/backends/kubeovn/kubeovn.h"
#include "compiler/backends/link.h"
#include "compiler/backends/metallb/metallb.h"
#include "compiler/backends/tenancy/tenancy.h"

namespace kmetal::backends {

const std::vector<Backend>& backend_table() {
  static const std::vector<Backend> table = {
      {"tenancy", tenancy::lower},  // namespaces and the Flux service accounts
      {"kubeovn", kubeovn::lower},  // provider networks, VLANs, VPCs, subnets, egress
      {"metallb", metallb::lower},  // one pool per tenant VIP, advertisements, BGP peers
      {"kamaji", kamaji::lower},    // the hosted control planes
      {"capi", capi::lower},        // clusters, machine deployments, health checks, bootstrap
      {"capk", capk::lower},        // KubeVirt cluster and machine templates
      {"addons", addons::lower},    // what the tenant cluster's nodes need: its CNI
      {"flux", flux::lower},        // the Kustomizations that apply the tree
  };
  return table;
}

std::vector<std::reference_wrapper<const ir::Tenant>> selected_tenants(const ir::Platform& p,
                                                                       const Options& options) {
  std::vector<std::reference_wrapper<const ir::Tenant>> out;
  out.reserve(p.tenants.size());
  for (std::size_t i = 0; i < p.tenants.size(); ++i) {
    if (options.tenants.empty() || options.tenants.at(i)) out.emplace_back(p.tenants[i]);
  }
  return out;
}

ManifestSet lower_all(const ir::Platform& platform, const Options& options) {
  ManifestSet all;
  for (const Backend& b : backend_table()) all.append(b.lower(platform, options));
  link(platform, all);
  return all;
}

}  // namespace kmetal::backends
