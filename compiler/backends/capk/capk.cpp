// capk: per tenant a KubevirtCluster marked as managed by Kamaji (so CAPK does not create a
// load balancer of its own), and per worker group a KubevirtMachineTemplate: a VM of the
// group's size, its root disk a DataVolume imported from the node image, attached to the
// tenant's Kube-OVN subnet by annotation (never by namespace: the namespace also holds the
// control plane, which must stay on the under cluster's default network).
#include "compiler/backends/capk/capk.h"

namespace kmetal::backends::capk {
namespace {

constexpr const char* kApi = "infrastructure.cluster.x-k8s.io/v1alpha1";

}  // namespace

ManifestSet lower(const ir::Platform& p, const Options&) {
  ManifestSet out;
  for (const ir::Tenant& t : p.tenants) {
    Object cluster = make_object(kApi, "KubevirtCluster", t.name, t.name, t.name);
    cluster["metadata"]["annotations"] = {{"cluster.x-k8s.io/managed-by", "kamaji"}};
    cluster["spec"] = Object::object();
    out.add(Layer::Tenant, t.name, std::move(cluster));
    for (const ir::WorkerGroup& g : t.workers) {
      std::string disk = g.machine_template_name + "-root";
      // Whole cores: KubeVirt counts vCPUs; a fractional size rounds up.
      std::int64_t cores = (g.size.millicores + 999) / 1000;
      Object vmi_spec = {
          {"domain",
           {{"cpu", {{"cores", cores}}},
            {"memory", {{"guest", memory_quantity(g.size.memory)}}},
            {"devices",
             {{"disks", Object::array({{{"name", "root"}, {"disk", {{"bus", "virtio"}}}}})},
              {"interfaces",
               Object::array({{{"name", "default"}, {"bridge", Object::object()}}})}}}}},
          {"networks", Object::array({{{"name", "default"}, {"pod", Object::object()}}})},
          {"volumes", Object::array({{{"name", "root"}, {"dataVolume", {{"name", disk}}}}})},
      };
      Object data_volume = {
          {"metadata", {{"name", disk}}},
          {"spec",
           {{"source", {{"registry", {{"url", "docker://" + g.image}}}}},
            {"storage",
             {{"resources", {{"requests", {{"storage", memory_quantity(g.size.storage)}}}}}}}}}};
      Object vm_template = {
          {"metadata", {{"namespace", t.name}}},
          {"spec",
           {{"runStrategy", "Always"},
            {"dataVolumeTemplates", Object::array({data_volume})},
            {"template",
             {{"metadata", {{"annotations", {{"ovn.kubernetes.io/logical_switch", t.name}}}}},
              {"spec", vmi_spec}}}}}};
      Object tmpl =
          make_object(kApi, "KubevirtMachineTemplate", g.machine_template_name, t.name, t.name);
      tmpl["spec"] = {{"template", {{"spec", {{"virtualMachineTemplate", vm_template}}}}}};
      out.add(Layer::Tenant, t.name, std::move(tmpl));
    }
  }
  return out;
}

}  // namespace kmetal::backends::capk
