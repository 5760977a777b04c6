// capi: per tenant a Cluster tying the KamajiControlPlane to the KubevirtCluster, and per
// worker group a MachineDeployment, a MachineHealthCheck and its KubeadmConfigTemplate.
// Templates are immutable and content-addressed (link.h): the MachineDeployment refers to
// them through refs that link() fills with their final names, so a changed group gets new
// templates and the MachineDeployment rolls, one extra machine at a time (the rollout
// strategy is written out because the tenant subnet is sized for it: ir/network.h). Kubelets
// run with --cloud-provider=external when the tenant has the KubeVirt cloud provider.
#include "compiler/backends/capi/capi.h"

#include <algorithm>

#include "compiler/backends/common.h"
#include "compiler/ir/network.h"

namespace kmetal::backends::capi {
namespace {

Object ref(const char* group, const char* kind, const std::string& name) {
  return {{"apiGroup", group}, {"kind", kind}, {"name", name}};
}

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    const ir::TenantObjects& o = t.objects;
    const std::string& cluster_name = name_of(p, o.cluster);
    Object cluster = make_object(p, o.cluster);
    cluster["spec"] = {
        {"clusterNetwork",
         {{"pods", {{"cidrBlocks", Object::array({t.cluster_network.pods.value.to_string()})}}},
          {"services",
           {{"cidrBlocks", Object::array({t.cluster_network.services.value.to_string()})}}}}},
        {"controlPlaneRef",
         ref("controlplane.cluster.x-k8s.io", "KamajiControlPlane", name_of(p, o.control_plane))},
        {"infrastructureRef",
         ref("infrastructure.cluster.x-k8s.io", "KubevirtCluster", name_of(p, o.kubevirt_cluster))},
    };
    out.add(o.cluster, std::move(cluster));
    for (const ir::WorkerGroup& g : t.workers) {
      const std::string& deployment = name_of(p, g.deployment);
      Object selector = {{"matchLabels", {{"cluster.x-k8s.io/deployment-name", deployment}}}};
      Object md = make_object(p, g.deployment);
      md["spec"] = {
          {"clusterName", cluster_name},
          {"replicas", g.replicas},
          {"rollout",
           {{"strategy",
             {{"type", "RollingUpdate"},
              {"rollingUpdate", {{"maxSurge", ir::kRolloutSurge}, {"maxUnavailable", 0}}}}}}},
          {"remediation", {{"maxInFlight", 1}}},
          {"selector", selector},
          {"template",
           {{"metadata", {{"labels", {{"cluster.x-k8s.io/deployment-name", deployment}}}}},
            {"spec",
             {{"clusterName", cluster_name},
              {"version", capi_version(g.version.value)},
              {"bootstrap",
               {{"configRef", ref("bootstrap.cluster.x-k8s.io", "KubeadmConfigTemplate", "")}}},
              {"infrastructureRef",
               ref("infrastructure.cluster.x-k8s.io", "KubevirtMachineTemplate", "")}}}}},
      };
      Manifest& m = out.add(g.deployment, std::move(md));
      m.refs.emplace_back("/spec/template/spec/bootstrap/configRef/name", g.bootstrap_template);
      m.refs.emplace_back("/spec/template/spec/infrastructureRef/name", g.machine_template);

      Object mhc = make_object(p, g.health_check);
      auto condition = [](const char* status) {
        return Object{{"type", "Ready"}, {"status", status}, {"timeoutSeconds", 300}};
      };
      // Remediation stops when more than 40% of the group (at least one machine) is unhealthy
      // (isAllowedRemediation): a group whose nodes are all NotReady, waiting for their CNI or
      // cut off from the API, is not replaced wholesale, one machine at a time at most.
      std::int64_t tolerated = std::max<std::int64_t>(1, g.replicas * 2 / 5);
      mhc["spec"] = {{"clusterName", cluster_name},
                     {"selector", selector},
                     {"checks",
                      {{"nodeStartupTimeoutSeconds", 900},
                       {"unhealthyNodeConditions",
                        Object::array({condition("Unknown"), condition("False")})}}},
                     {"remediation", {{"triggerIf", {{"unhealthyLessThanOrEqualTo", tolerated}}}}}};
      out.add(g.health_check, std::move(mhc));

      Object bootstrap = make_object(p, g.bootstrap_template);
      Object args =
          Object::array({{{"name", "node-labels"}, {"value", "kmetal.io/worker-group=" + g.name}}});
      // With the tenant's cloud provider, kubelets wait for it to initialize their Node: it sets
      // the providerID again on a Node that re-registers after the cloud provider deleted it
      // (CAPK sets it once, kubevirtmachine_controller.go updateNodeProviderID, and never
      // again), which the CSI node plugin needs to find its VM.
      if (t.cloud_provider.declared)
        args.push_back({{"name", "cloud-provider"}, {"value", "external"}});
      bootstrap["spec"] = {
          {"template",
           {{"spec",
             {{"joinConfiguration", {{"nodeRegistration", {{"kubeletExtraArgs", args}}}}}}}}}};
      out.add(g.bootstrap_template, std::move(bootstrap));
    }
  }
  return out;
}

}  // namespace kmetal::backends::capi
