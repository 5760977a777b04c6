// kamaji: one KamajiControlPlane per tenant. Its API server is a LoadBalancer service on the
// tenant's own VIP (MetalLB is told the address by annotation and the pool by the metallb
// backend), with certificate SANs for the VIP and <tenant>.<domain>, reachable only from the
// tenant's workers as the VIP sees them plus admin ranges. Konnectivity (8132) shares the
// service. Kamaji generates the tenant PKI and kubeconfigs in-cluster: no secret is emitted.
#include "compiler/backends/kamaji/kamaji.h"

#include "compiler/backends/common.h"

namespace kmetal::backends::kamaji {

ManifestSet lower(const ir::Platform& p, const Options&) {
  ManifestSet out;
  for (const ir::Tenant& t : p.tenants) {
    const ir::ControlPlane& cp = t.control_plane;
    std::string vip = cp.vip.value->to_string();
    Object o = make_object("controlplane.cluster.x-k8s.io/v1alpha2", "KamajiControlPlane", t.name,
                           t.name, t.name);
    Object resources = {
        {"requests",
         {{"cpu", cpu_quantity(cp.size.millicores)}, {"memory", memory_quantity(cp.size.memory)}}}};
    o["spec"] = {
        {"version", capi_version(cp.version.value)},
        {"replicas", cp.replicas},
        {"dataStoreName", p.datastore},
        {"addons",
         {{"coreDNS", Object::object()},
          {"kubeProxy", Object::object()},
          {"konnectivity", Object::object()}}},
        {"apiServer", {{"resources", resources}}},
        {"kubelet",
         {{"cgroupfs", "systemd"}, {"preferredAddressTypes", Object::array({"InternalIP"})}}},
        {"network",
         {{"serviceType", "LoadBalancer"},
          {"serviceAddress", vip},
          {"serviceAnnotations", {{"metallb.io/loadBalancerIPs", vip}}},
          {"certSANs", Object::array({vip, t.name + "." + p.domain})},
          {"dnsServiceIPs", Object::array({t.cluster_network.dns.value.to_string()})},
          {"loadBalancerConfig", {{"loadBalancerSourceRanges", vip_source_ranges(p, t)}}}}},
    };
    out.add(Layer::Tenant, t.name, std::move(o));
  }
  return out;
}

}  // namespace kmetal::backends::kamaji
