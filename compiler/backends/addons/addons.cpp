// addons: what a tenant cluster's nodes need to become Ready, delivered by Flux on the under
// cluster into the tenant cluster: per tenant a HelmRepository (the platform's chart source)
// and a HelmRelease of its CNI, in the tenant's namespace beside the admin kubeconfig Kamaji
// writes there. helm-controller reads kubeConfig from the HelmRelease's own namespace
// (helmrelease_controller.go buildRESTClientGetter) and Kamaji's Secret has no `value` key, so
// the key is named: `admin.svc`, the in-cluster Service the controllers reach (the `admin.conf`
// VIP admits the tenant's workers only). Helm's release record is kept in the tenant cluster's
// kube-system (storageNamespace), which exists there. Until the tenant's nodes exist the
// chart's pods cannot be scheduled: an install waits up to 15m (helm-controller's default of 5
// is short for a DaemonSet rolling over a large tenant) and then retries in place
// (RetryOnFailure: the default remediation would uninstall the CNI between attempts); a failed
// upgrade rolls back, three times at most.
//  - Cilium: chart `cilium`, the tenant API at the VIP (its agents run on the workers, which
//    reach the VIP and not the Service), `kubernetes` IPAM: each node's pods take the range
//    kube-controller-manager allocated it from the cluster's pod range (Kamaji runs it with
//    --allocate-node-cidrs and --cluster-cidr; a cluster-pool of the same range would be a
//    second allocator), kube-proxy kept (Kamaji deploys it), one operator replica (its
//    anti-affinity would leave a second pending on a one-node cluster);
//  - Calico: chart `tigera-operator`, an IP pool of the tenant's pod range with VXLAN, and the
//    API endpoint likewise.
#include "compiler/backends/addons/addons.h"

#include "compiler/backends/addons/cloud_provider.h"
#include "compiler/backends/addons/csi.h"
#include "compiler/backends/common.h"

namespace kmetal::backends::addons {

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    const ir::TenantObjects& o = t.objects;
    if (!o.cni.valid()) continue;
    const ir::ChartSource& source = p.chart_source(t.cni.source);
    Object repo = make_object(p, o.chart_source);
    repo["spec"] = {{"interval", "1h"}, {"url", source.url}};
    if (source.url.rfind("oci://", 0) == 0) repo["spec"]["type"] = "oci";
    out.add(o.chart_source, std::move(repo));

    std::string vip = t.control_plane.vip.value->to_string();
    std::string pods = t.cluster_network.pods.value.to_string();
    bool v4 = t.cluster_network.pods.value.address.family == IpFamily::V4;
    std::string chart;
    std::string release;
    std::string target_namespace;
    Object values;
    if (t.cni.plugin == ir::CniPlugin::Cilium) {
      chart = "cilium", release = "cilium", target_namespace = "kube-system";
      values = {{"k8sServiceHost", vip},
                {"k8sServicePort", kTenantApiPort},
                {"ipam", {{"mode", "kubernetes"}}},
                {"ipv4", {{"enabled", v4}}},
                {"ipv6", {{"enabled", !v4}}},
                {"operator", {{"replicas", 1}}}};
    } else {
      chart = "tigera-operator", release = "calico", target_namespace = "tigera-operator";
      values = {
          {"installation",
           {{"calicoNetwork",
             {{"ipPools",
               Object::array(
                   {{{"cidr", pods}, {"encapsulation", "VXLAN"}, {"natOutgoing", "Enabled"}}})}}}}},
          {"kubernetesServiceEndpoint", {{"host", vip}, {"port", std::to_string(kTenantApiPort)}}}};
    }
    Object hr = make_object(p, o.cni);
    hr["spec"] = {
        {"interval", options.interval},
        {"releaseName", release},
        {"targetNamespace", target_namespace},
        {"storageNamespace", "kube-system"},
        {"kubeConfig",
         {{"secretRef",
           {{"name", name_of(p, o.control_plane) + "-admin-kubeconfig"}, {"key", "admin.svc"}}}}},
        {"chart",
         {{"spec",
           {{"chart", chart},
            {"version", t.cni.version},
            {"sourceRef", {{"kind", "HelmRepository"}, {"name", name_of(p, o.chart_source)}}},
            {"interval", "1h"}}}}},
        {"timeout", "15m"},
        {"install",
         {{"createNamespace", true},
          {"strategy", {{"name", "RetryOnFailure"}, {"retryInterval", "2m"}}}}},
        {"upgrade", {{"remediation", {{"retries", 3}}}}},
        {"values", std::move(values)},
    };
    out.add(o.cni, std::move(hr));
  }
  lower_csi(p, options, out);
  lower_cloud_provider(p, options, out);
  return out;
}

}  // namespace kmetal::backends::addons
