// The KubeVirt CSI driver (kubevirt/csi-driver), split between the two clusters:
//  - on the under cluster, in the tenant's namespace: the controller (driver plus the
//    provisioner, attacher and resizer sidecars). It creates a DataVolume there per tenant
//    volume, in the tenant's storage class and under its quota, and hot-plugs it into the VM
//    the tenant's node runs in. Its infra client is its own ServiceAccount (Role: DataVolumes,
//    VMs and VMIs, their add/removevolume subresources, PVCs; a ClusterRole: get
//    PersistentVolumes, for resizes); its tenant client, and the sidecars', Kamaji's admin
//    kubeconfig, key admin.svc, mounted as `value`. `--infra-cluster-labels` marks what it
//    creates and is the only thing it will touch again (a tenant cannot attach the root disks);
//    INFRA_STORAGE_CLASS_ENFORCEMENT allows the tenant's own class only (the tenant may write
//    StorageClasses of its own inside its cluster). The driver's identity and bindings come
//    from the platform's layer, the controller from the tenant's (it waits for the kubeconfig);
//  - inside the tenant cluster, applied by a Flux Kustomization in the tenant's namespace that
//    reads this tree's GitRepository and reaches the tenant API with the same kubeconfig: the
//    CSIDriver, the node plugin (privileged; it finds its VM from the Node's providerID that
//    CAPK sets, and its disk by serial), and the tenant's default StorageClass, named like the
//    under cluster's class it provisions from.
// No snapshots: the tenant cluster has no snapshot CRDs or controller.
#include "compiler/backends/addons/csi.h"

#include "compiler/backends/addons/workload.h"
#include "compiler/ir/capacity.h"

namespace kmetal::backends::addons {
namespace {

// Sidecars, pinned by kmetal (registry.k8s.io/sig-storage releases).
constexpr const char* kProvisioner = "registry.k8s.io/sig-storage/csi-provisioner:v5.0.1";
constexpr const char* kAttacher = "registry.k8s.io/sig-storage/csi-attacher:v4.7.0";
constexpr const char* kResizer = "registry.k8s.io/sig-storage/csi-resizer:v1.13.1";
constexpr const char* kRegistrar = "registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.9.0";

constexpr const char* kDriverName = "csi.kubevirt.io";
constexpr const char* kSocketDir = "/var/lib/csi/sockets/pluginproxy/";
constexpr const char* kTenantKubeconfigDir = "/var/run/secrets/tenantcluster";
constexpr const char* kTenantKubeconfig = "/var/run/secrets/tenantcluster/value";

Object requests() {
  return {{"requests",
           {{"cpu", cpu_quantity(ir::kCsiContainerRequest.millicores)},
            {"memory", memory_quantity(ir::kCsiContainerRequest.memory)}}}};
}

// A sidecar of the controller: it talks to the driver over the socket and to the tenant API.
Object sidecar(std::string_view name, std::string_view image, const Object& extra_args) {
  Object args = Object::array({std::string("--csi-address=") + kSocketDir + "csi.sock",
                               std::string("--kubeconfig=") + kTenantKubeconfig, "--timeout=3m"});
  for (const auto& a : extra_args) args.push_back(a);
  return {{"name", name},
          {"image", image},
          {"args", std::move(args)},
          {"volumeMounts", Object::array({mount("socket-dir", kSocketDir),
                                          mount("tenantcluster", kTenantKubeconfigDir)})},
          {"resources", requests()}};
}

void controller(const ir::Platform& p, const ir::Tenant& t, ManifestSet& out) {
  const ir::TenantObjects& o = t.objects;
  out.add(o.csi_account, make_object(p, o.csi_account));
  Object role = make_object(p, o.csi_role);
  role["rules"] = Object::array(
      {rule("cdi.kubevirt.io", {"datavolumes"}, {"get", "create", "delete"}),
       rule("kubevirt.io", {"virtualmachines", "virtualmachineinstances"}, {"get", "list"}),
       rule("subresources.kubevirt.io",
            {"virtualmachines/addvolume", "virtualmachines/removevolume",
             "virtualmachineinstances/removevolume"},
            {"update"}),
       rule("", {"persistentvolumeclaims"}, {"get", "patch"})});
  out.add(o.csi_role, std::move(role));
  out.add(o.csi_binding,
          with(make_object(p, o.csi_binding), binding_to(p, o.csi_role, o.csi_account)));
  out.add(o.csi_cluster_binding, with(make_object(p, o.csi_cluster_binding),
                                      binding_to(p, p.csi_cluster_role, o.csi_account)));

  // Only the tenant's class; without declared classes, the under cluster's default.
  std::string enforcement = "allowAll: false\nallowDefault: true\n";
  if (t.storage.storage_class.valid()) {
    enforcement = "allowAll: false\nallowDefault: false\nallowList:\n- " +
                  p.storage_class(t.storage.storage_class).name + "\n";
  }
  Object driver = {
      {"name", "csi-driver"},
      {"image", t.csi.image},
      {"args", Object::array({std::string("--endpoint=unix://") + kSocketDir + "csi.sock",
                              "--infra-cluster-namespace=" + name_of(p, o.ns),
                              "--infra-cluster-labels=kmetal.io/csi-tenant=" + t.name,
                              std::string("--tenant-cluster-kubeconfig=") + kTenantKubeconfig,
                              "--run-node-service=false", "--run-controller-service=true"})},
      {"env",
       Object::array({{{"name", "INFRA_STORAGE_CLASS_ENFORCEMENT"}, {"value", enforcement}}})},
      {"volumeMounts", Object::array({mount("socket-dir", kSocketDir),
                                      mount("tenantcluster", kTenantKubeconfigDir)})},
      {"resources", requests()}};
  Object containers = Object::array(
      {std::move(driver),
       sidecar("csi-provisioner", kProvisioner,
               Object::array({"--default-fstype=ext4", "--retry-interval-max=1m"})),
       sidecar("csi-attacher", kAttacher, Object::array({"--retry-interval-max=1m"})),
       sidecar("csi-resizer", kResizer, Object::array({"--handle-volume-inuse-error=false"}))});
  Object volumes = Object::array({{{"name", "socket-dir"}, {"emptyDir", Object::object()}},
                                  tenant_kubeconfig_volume(p, t, "tenantcluster")});
  // Its sidecars run without leader election (their Lease would live in the tenant cluster,
  // in a namespace named like this one): never two controllers at once.
  Object deployment = controller_deployment(p, o.csi_controller, o.csi_account,
                                            std::move(containers), std::move(volumes));
  deployment["spec"]["strategy"] = {{"type", "Recreate"}};
  out.add(o.csi_controller, std::move(deployment));
}

Object host_path(std::string_view name, std::string_view path, std::string_view type) {
  return {{"name", name}, {"hostPath", {{"path", path}, {"type", type}}}};
}

void inside(const ir::Platform& p, const ir::Tenant& t, const Options& options, ManifestSet& out) {
  const ir::TenantObjects& o = t.objects;
  const ir::ObjectName& folder_of = p.object(o.csi_ns);
  Object sync = make_object(p, o.csi_sync);
  sync["spec"] = {
      {"interval", options.interval},
      {"path", "./" + folder_of.folder},
      {"prune", true},
      {"wait", true},
      {"timeout", "15m"},
      {"sourceRef",
       {{"kind", "GitRepository"}, {"name", options.source_name}, {"namespace", "flux-system"}}},
      {"kubeConfig",
       {{"secretRef",
         {{"name", name_of(p, o.control_plane) + "-admin-kubeconfig"}, {"key", "admin.svc"}}}}}};
  out.add(o.csi_sync, std::move(sync));

  out.add(o.csi_ns, make_object(p, o.csi_ns));
  Object driver = make_object(p, o.csi_driver);
  driver["spec"] = {{"attachRequired", true},
                    {"podInfoOnMount", true},
                    {"fsGroupPolicy", "ReadWriteOnceWithFSType"}};
  out.add(o.csi_driver, std::move(driver));
  out.add(o.csi_node_account, make_object(p, o.csi_node_account));
  Object role = make_object(p, o.csi_node_role);
  role["rules"] = Object::array({rule("", {"nodes"}, {"get"})});
  out.add(o.csi_node_role, std::move(role));
  out.add(o.csi_node_binding, with(make_object(p, o.csi_node_binding),
                                   binding_to(p, o.csi_node_role, o.csi_node_account)));

  std::string plugin_dir = std::string("/var/lib/kubelet/plugins/") + kDriverName + "/";
  Object labels = {{"app.kubernetes.io/name", name_of(p, o.csi_node)}};
  Object node = make_object(p, o.csi_node);
  node["spec"] = {
      {"selector", {{"matchLabels", labels}}},
      {"template",
       {{"metadata", {{"labels", labels}}},
        {"spec",
         {{"serviceAccountName", name_of(p, o.csi_node_account)},
          {"priorityClassName", "system-node-critical"},
          {"tolerations", Object::array({{{"operator", "Exists"}}})},
          {"containers",
           Object::array(
               {{{"name", "csi-driver"},
                 {"image", t.csi.image},
                 {"args",
                  Object::array({"--endpoint=unix:/csi/csi.sock", "--node-name=$(KUBE_NODE_NAME)",
                                 "--run-node-service=true", "--run-controller-service=false"})},
                 {"env", Object::array(
                             {{{"name", "KUBE_NODE_NAME"},
                               {"valueFrom", {{"fieldRef", {{"fieldPath", "spec.nodeName"}}}}}}})},
                 {"securityContext", {{"privileged", true}}},
                 {"volumeMounts",
                  Object::array({with(mount("kubelet-dir", "/var/lib/kubelet"),
                                      {{"mountPropagation", "Bidirectional"}}),
                                 mount("plugin-dir", "/csi"), mount("device-dir", "/dev"),
                                 mount("udev", "/run/udev")})},
                 {"resources", requests()}},
                {{"name", "csi-node-driver-registrar"},
                 {"image", kRegistrar},
                 {"args",
                  Object::array({"--csi-address=/csi/csi.sock",
                                 "--kubelet-registration-path=" + plugin_dir + "csi.sock"})},
                 {"volumeMounts", Object::array({mount("plugin-dir", "/csi"),
                                                 mount("registration-dir", "/registration")})},
                 {"resources", requests()}}})},
          {"volumes", Object::array({host_path("kubelet-dir", "/var/lib/kubelet", "Directory"),
                                     host_path("plugin-dir", plugin_dir, "DirectoryOrCreate"),
                                     host_path("registration-dir",
                                               "/var/lib/kubelet/plugins_registry/", "Directory"),
                                     host_path("device-dir", "/dev", "Directory"),
                                     host_path("udev", "/run/udev", "Directory")})}}}}}};
  out.add(o.csi_node, std::move(node));

  Object sc = make_object(p, o.csi_class);
  sc["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
  sc["provisioner"] = kDriverName;
  sc["parameters"] = {{"bus", "scsi"}};
  if (t.storage.storage_class.valid()) {
    sc["parameters"]["infraStorageClassName"] = p.storage_class(t.storage.storage_class).name;
  }
  sc["allowVolumeExpansion"] = true;
  sc["reclaimPolicy"] = "Delete";
  out.add(o.csi_class, std::move(sc));
}

}  // namespace

void lower_csi(const ir::Platform& p, const Options& options, ManifestSet& out) {
  if (!p.csi_cluster_role.valid()) return;
  if (options.shared) {
    Object role = make_object(p, p.csi_cluster_role);
    role["rules"] = Object::array({rule("", {"persistentvolumes"}, {"get"})});
    out.add(p.csi_cluster_role, std::move(role));
  }
  for (const ir::Tenant& t : selected_tenants(p, options)) {
    if (!t.csi.declared) continue;
    controller(p, t, out);
    inside(p, t, options, out);
  }
}

}  // namespace kmetal::backends::addons
