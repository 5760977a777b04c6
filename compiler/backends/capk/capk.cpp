// capk: per tenant a KubevirtCluster marked as managed by Kamaji (so CAPK does not create a
// load balancer of its own), and per worker group a KubevirtMachineTemplate: a VM of the
// group's size whose virt-launcher pod
//  - requests the size divided by the overcommit ratios, so the scheduler enforces what
//    `capacity` proved instead of KubeVirt's default CPU ratio of 10 (renderresources.go
//    WithoutDedicatedCPU; explicit requests win), and logs its serial console whatever the
//    cluster's default, so the console-log sidecar `capacity` counts is always there;
//  - spreads with its group over the hosts (a topology spread constraint, maxSkew 1, on a
//    label of kmetal's: CAPK adds none per MachineDeployment), ignoring hosts that are tainted
//    away, such as failed ones, as the capacity proof does;
//  - resolves through the tenant's nameservers (dnsPolicy None): KubeVirt's DHCP hands the
//    guest the launcher pod's resolv.conf, whose default, the under cluster's cluster DNS, is
//    out of reach of tenant networks;
//  - joins the tenant's Kube-OVN subnet by annotation (never by namespace: the namespace also
//    holds the control plane, which must stay on the under cluster's default network);
//  - runs on its group's host pool, when pinned, by the node label kmetal.io/host-pool, and
//    tolerates the taint kmetal.io/dedicated=<tenant> of a pool dedicated to its tenant
//    (KubeVirt copies nodeSelector and tolerations to the launcher pod: template.go
//    renderLaunchManifest);
//  - takes its host devices as KubeVirt GPUs by their device plugin resource name, which the
//    launcher pod requests (renderresources.go WithGPUsDevicePlugins).
// Its root disk is a DataVolume imported from the node image; CAPK prefixes its name with
// each VM's (pkg/kubevirt/utils.go prefixDataVolumeTemplates), so "root" is unique per VM.
#include "compiler/backends/capk/capk.h"

#include "compiler/ir/capacity.h"
#include "compiler/ir/check_placement.h"

namespace kmetal::backends::capk {
namespace {

constexpr const char* kGroupLabel = "kmetal.io/machine-deployment";
// The node label of a host pool and the taint of a dedicated one; the operator puts them on
// the hosts (README: requirements on the under cluster).
constexpr const char* kPoolLabel = "kmetal.io/host-pool";
constexpr const char* kDedicatedTaint = "kmetal.io/dedicated";

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options& options) {
  ManifestSet out;
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    const ir::TenantObjects& o = t.objects;
    Object cluster = make_object(p, o.kubevirt_cluster);
    cluster["metadata"]["annotations"] = {{"cluster.x-k8s.io/managed-by", "kamaji"}};
    cluster["spec"] = Object::object();
    out.add(o.kubevirt_cluster, std::move(cluster));
    Object nameservers = Object::array();
    for (const auto& ns : t.network.nameservers) nameservers.push_back(ns.value.to_string());
    for (const ir::WorkerGroup& g : t.workers) {
      const std::string& deployment = name_of(p, g.deployment);
      ir::Resources request = ir::vm_request(p, g.size);
      Object group_selector = {{"matchLabels", {{kGroupLabel, deployment}}}};
      Object vmi_spec = {
          {"domain",
           {{"cpu", {{"cores", ir::vm_vcpus(g.size)}}},
            {"memory", {{"guest", memory_quantity(g.size.memory)}}},
            {"resources",
             {{"requests",
               {{"cpu", cpu_quantity(request.millicores)},
                {"memory", memory_quantity(request.memory)}}}}},
            {"devices",
             {{"logSerialConsole", true},
              {"disks", Object::array({{{"name", "root"}, {"disk", {{"bus", "virtio"}}}}})},
              {"interfaces",
               Object::array({{{"name", "default"}, {"bridge", Object::object()}}})}}}}},
          {"networks", Object::array({{{"name", "default"}, {"pod", Object::object()}}})},
          {"volumes", Object::array({{{"name", "root"}, {"dataVolume", {{"name", "root"}}}}})},
          {"dnsPolicy", "None"},
          {"dnsConfig", {{"nameservers", nameservers}}},
          {"topologySpreadConstraints", Object::array({{{"maxSkew", 1},
                                                        {"topologyKey", "kubernetes.io/hostname"},
                                                        {"whenUnsatisfiable", "DoNotSchedule"},
                                                        {"labelSelector", group_selector},
                                                        {"nodeTaintsPolicy", "Honor"}}})},
      };
      if (g.pool.valid()) {
        const ir::HostPool& pool = p.host_pool(g.pool);
        vmi_spec["nodeSelector"] = {{kPoolLabel, pool.name}};
        if (pool.dedicated) {
          vmi_spec["tolerations"] = Object::array({{{"key", kDedicatedTaint},
                                                    {"operator", "Equal"},
                                                    {"value", pool.dedicated->value},
                                                    {"effect", "NoSchedule"}}});
        }
        int device = ir::device_of(p, g);
        if (device >= 0) {
          Object gpus = Object::array();
          for (std::int64_t i = 0; i < g.gpus; ++i) {
            gpus.push_back(
                {{"name", "gpu" + std::to_string(i)},
                 {"deviceName", pool.devices[static_cast<std::size_t>(device)].resource}});
          }
          vmi_spec["domain"]["devices"]["gpus"] = std::move(gpus);
        }
      }
      Object storage = {
          {"resources", {{"requests", {{"storage", memory_quantity(g.size.storage)}}}}}};
      if (g.storage_class.valid()) {
        const ir::StorageClass& sc = p.storage_class(g.storage_class);
        storage["storageClassName"] = sc.name;
        storage["volumeMode"] = sc.block ? "Block" : "Filesystem";
      }
      Object data_volume = {{"metadata", {{"name", "root"}}},
                            {"spec",
                             {{"source", {{"registry", {{"url", "docker://" + g.image}}}}},
                              {"storage", std::move(storage)}}}};
      Object vm_template = {
          {"metadata", {{"namespace", name_of(p, o.ns)}}},
          {"spec",
           {{"runStrategy", "Always"},
            {"dataVolumeTemplates", Object::array({data_volume})},
            {"template",
             {{"metadata",
               {{"labels", {{kGroupLabel, deployment}}},
                {"annotations", {{"ovn.kubernetes.io/logical_switch", name_of(p, o.subnet)}}}}},
              {"spec", vmi_spec}}}}}};
      Object tmpl = make_object(p, g.machine_template);
      tmpl["spec"] = {{"template", {{"spec", {{"virtualMachineTemplate", vm_template}}}}}};
      out.add(g.machine_template, std::move(tmpl));
    }
  }
  return out;
}

}  // namespace kmetal::backends::capk
