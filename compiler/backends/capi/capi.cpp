// capi: per tenant a Cluster tying the KamajiControlPlane to the KubevirtCluster, and per
// worker group a MachineDeployment, a MachineHealthCheck and its KubeadmConfigTemplate.
// Templates are immutable: their names (from the IR's name_objects pass) end in a content
// hash, so a changed group gets new templates and the MachineDeployment rolls.
#include "compiler/backends/capi/capi.h"

#include "compiler/backends/common.h"

namespace kmetal::backends::capi {
namespace {

constexpr const char* kCore = "cluster.x-k8s.io/v1beta2";
constexpr const char* kBootstrap = "bootstrap.cluster.x-k8s.io/v1beta2";

Object ref(const char* group, const char* kind, const std::string& name) {
  return {{"apiGroup", group}, {"kind", kind}, {"name", name}};
}

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options&) {
  ManifestSet out;
  for (const ir::Tenant& t : p.tenants) {
    Object cluster = make_object(kCore, "Cluster", t.name, t.name, t.name);
    cluster["spec"] = {
        {"clusterNetwork",
         {{"pods", {{"cidrBlocks", Object::array({t.cluster_network.pods.value.to_string()})}}},
          {"services",
           {{"cidrBlocks", Object::array({t.cluster_network.services.value.to_string()})}}}}},
        {"controlPlaneRef", ref("controlplane.cluster.x-k8s.io", "KamajiControlPlane", t.name)},
        {"infrastructureRef", ref("infrastructure.cluster.x-k8s.io", "KubevirtCluster", t.name)},
    };
    out.add(Layer::Tenant, t.name, std::move(cluster));
    for (const ir::WorkerGroup& g : t.workers) {
      Object selector = {
          {"matchLabels", {{"cluster.x-k8s.io/deployment-name", g.deployment_name}}}};
      Object md = make_object(kCore, "MachineDeployment", g.deployment_name, t.name, t.name);
      md["spec"] = {
          {"clusterName", t.name},
          {"replicas", g.replicas},
          {"selector", selector},
          {"template",
           {{"metadata", {{"labels", {{"cluster.x-k8s.io/deployment-name", g.deployment_name}}}}},
            {"spec",
             {{"clusterName", t.name},
              {"version", capi_version(g.version.value)},
              {"bootstrap",
               {{"configRef", ref("bootstrap.cluster.x-k8s.io", "KubeadmConfigTemplate",
                                  g.bootstrap_template_name)}}},
              {"infrastructureRef", ref("infrastructure.cluster.x-k8s.io",
                                        "KubevirtMachineTemplate", g.machine_template_name)}}}}},
      };
      out.add(Layer::Tenant, t.name, std::move(md));

      Object mhc = make_object(kCore, "MachineHealthCheck", g.deployment_name, t.name, t.name);
      auto condition = [](const char* status) {
        return Object{{"type", "Ready"}, {"status", status}, {"timeoutSeconds", 300}};
      };
      mhc["spec"] = {{"clusterName", t.name},
                     {"selector", selector},
                     {"checks",
                      {{"nodeStartupTimeoutSeconds", 900},
                       {"unhealthyNodeConditions",
                        Object::array({condition("Unknown"), condition("False")})}}}};
      out.add(Layer::Tenant, t.name, std::move(mhc));

      Object bootstrap = make_object(kBootstrap, "KubeadmConfigTemplate", g.bootstrap_template_name,
                                     t.name, t.name);
      Object args =
          Object::array({{{"name", "node-labels"}, {"value", "kmetal.io/worker-group=" + g.name}}});
      bootstrap["spec"] = {
          {"template",
           {{"spec",
             {{"joinConfiguration", {{"nodeRegistration", {{"kubeletExtraArgs", args}}}}}}}}}};
      out.add(Layer::Tenant, t.name, std::move(bootstrap));
    }
  }
  return out;
}

}  // namespace kmetal::backends::capi
