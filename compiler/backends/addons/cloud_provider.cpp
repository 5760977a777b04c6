// The KubeVirt cloud provider (kubevirt/cloud-provider-kubevirt) of a tenant cluster, as its
// "isolated" deployment: the cloud controller manager runs on the under cluster in the
// tenant's namespace. Its --kubeconfig is the tenant's (Kamaji's admin.svc, mounted as
// `value`): informers, events and its leader Lease in the tenant's kube-system. Its infra client
// is its own ServiceAccount (the cloud-config's `kubeconfig` left empty), which reads the VMs
// and VMIs of its namespace and updates VMIs; the cloud-config names that namespace, since
// pkg/provider/cloud.go does not default it for an in-cluster client. What it does for the
// tenant: a Node whose VM is gone is deleted, one whose VM has stopped is tainted shut down,
// Node addresses follow the VM's (instancesV2; no zones, which would need to read the under
// cluster's Nodes). Load balancers are off: the tenant's MetalLB pool holds its API VIP alone,
// so a tenant Service of type LoadBalancer would wait for an address forever. --cluster-name is
// the Cluster API cluster's (its VMIs carry it as cluster.x-k8s.io/cluster-name);
// --authentication-skip-lookup keeps it from reading the under cluster's
// kube-system/extension-apiserver-authentication, which its ServiceAccount may not.
#include "compiler/backends/addons/cloud_provider.h"

#include "compiler/backends/addons/workload.h"
#include "compiler/ir/capacity.h"

namespace kmetal::backends::addons {

void lower_cloud_provider(const ir::Platform& p, const Options& options, ManifestSet& out) {
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    if (!t.cloud_provider.declared) continue;
    const ir::TenantObjects& o = t.objects;
    out.add(o.ccm_account, make_object(p, o.ccm_account));
    Object role = make_object(p, o.ccm_role);
    role["rules"] = Object::array(
        {rule("kubevirt.io", {"virtualmachines"}, {"get", "list", "watch"}),
         rule("kubevirt.io", {"virtualmachineinstances"}, {"get", "list", "watch", "update"}),
         rule("", {"pods"}, {"get", "list", "watch"})});
    out.add(o.ccm_role, std::move(role));
    out.add(o.ccm_binding,
            with(make_object(p, o.ccm_binding), binding_to(p, o.ccm_role, o.ccm_account)));

    Object config = make_object(p, o.ccm_config);
    config["data"] = {{"cloud-config", "namespace: " + name_of(p, o.ns) +
                                           "\nloadBalancer:\n  enabled: false\ninstancesV2:\n"
                                           "  enabled: true\n  zoneAndRegionEnabled: false\n"}};
    out.add(o.ccm_config, std::move(config));

    Object container = {
        {"name", "cloud-controller-manager"},
        {"image", t.cloud_provider.image},
        {"args",
         Object::array({"--cloud-provider=kubevirt", "--cloud-config=/etc/cloud/cloud-config",
                        "--kubeconfig=/etc/kubernetes/kubeconfig/value",
                        "--authentication-skip-lookup=true",
                        "--cluster-name=" + name_of(p, o.cluster)})},
        {"volumeMounts", Object::array({mount("cloud-config", "/etc/cloud"),
                                        mount("kubeconfig", "/etc/kubernetes/kubeconfig")})},
        {"resources",
         {{"requests",
           {{"cpu", cpu_quantity(ir::kCloudProviderPod.millicores)},
            {"memory", memory_quantity(ir::kCloudProviderPod.memory)}}}}}};
    out.add(o.ccm, controller_deployment(
                       p, o.ccm, o.ccm_account, Object::array({std::move(container)}),
                       Object::array({{{"name", "cloud-config"},
                                       {"configMap", {{"name", name_of(p, o.ccm_config)}}}},
                                      tenant_kubeconfig_volume(p, t, "kubeconfig")})));
  }
}

}  // namespace kmetal::backends::addons
