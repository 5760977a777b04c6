// kamaji: one KamajiControlPlane per tenant. Its API server is a LoadBalancer service on the
// tenant's own VIP (MetalLB is told the address by annotation and the pool by the metallb
// backend), with certificate SANs for the VIP and <tenant>.<domain>, reachable only from the
// tenant's workers as the VIP sees them plus admin ranges (kube-proxy drops every other
// source, pods of the under cluster included). The under cluster's own controllers therefore
// reach the tenant API through the in-cluster Service name: the annotation
// kamaji.clastix.io/kubeconfig-secret-key: admin.svc makes the provider copy the `admin.svc`
// kubeconfig (https://<name>.<namespace>.svc:6443) into CAPI's <cluster>-kubeconfig
// (controllers/kamajicontrolplane_controller_resources.go createOrUpdateKubeconfig).
// The cluster DNS address goes to addons.coreDNS: with the CoreDNS addon present the provider
// replaces network.dnsServiceIPs by it (createOrUpdateTenantControlPlane).
// Konnectivity (8132) shares the service. Every container of the control-plane pod gets its
// requests (ir/capacity.h), so capacity and the namespace's quota count the whole pod.
// Kamaji generates the tenant PKI and kubeconfigs in-cluster: no secret is emitted.
#include "compiler/backends/kamaji/kamaji.h"

#include "compiler/backends/common.h"
#include "compiler/ir/capacity.h"
#include "compiler/ir/network.h"

namespace kmetal::backends::kamaji {

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    const ir::ControlPlane& cp = t.control_plane;
    std::string vip = cp.vip.value->to_string();
    Object sources = Object::array();
    for (const Cidr& c : ir::vip_source_ranges(p, t)) sources.push_back(c.to_string());
    Object o = make_object(p, t.objects.control_plane);
    o["metadata"]["annotations"] = {{"kamaji.clastix.io/kubeconfig-secret-key", "admin.svc"}};
    auto requests = [](const ir::Resources& r) {
      return Object{{"requests",
                     {{"cpu", cpu_quantity(r.millicores)}, {"memory", memory_quantity(r.memory)}}}};
    };
    o["spec"] = {
        {"version", capi_version(cp.version.value)},
        {"replicas", cp.replicas},
        {"dataStoreName", p.datastore},
        {"addons",
         {{"coreDNS",
           {{"dnsServiceIPs", Object::array({t.cluster_network.dns.value.to_string()})}}},
          {"kubeProxy", Object::object()},
          {"konnectivity",
           {{"server",
             {{"port", 8132}, {"resources", requests(ir::kKonnectivityServerRequest)}}}}}}},
        {"apiServer", {{"resources", requests(cp.size)}}},
        {"controllerManager", {{"resources", requests(ir::kControllerManagerRequest)}}},
        {"scheduler", {{"resources", requests(ir::kSchedulerRequest)}}},
        {"kine", {{"resources", requests(ir::kKineRequest)}}},
        {"kubelet",
         {{"cgroupfs", "systemd"}, {"preferredAddressTypes", Object::array({"InternalIP"})}}},
        {"network",
         {{"serviceType", "LoadBalancer"},
          {"serviceAddress", vip},
          {"serviceAnnotations", {{"metallb.io/loadBalancerIPs", vip}}},
          {"certSANs", Object::array({vip, t.name + "." + p.domain})},
          {"loadBalancerConfig", {{"loadBalancerSourceRanges", sources}}}}},
    };
    out.add(t.objects.control_plane, std::move(o));
  }
  return out;
}

}  // namespace kmetal::backends::kamaji
