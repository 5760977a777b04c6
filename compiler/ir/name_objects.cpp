#include "compiler/ir/name_objects.h"

#include <algorithm>

namespace kmetal::ir {
namespace {

constexpr const char* kFluxNamespace = "flux-system";
constexpr const char* kMetallbNamespace = "metallb-system";
// Kube-OVN runs the NAT gateways in its own namespace, kube-system by default; their
// attachments live there too.
constexpr const char* kAttachmentNamespace = "kube-system";

class Namer {
 public:
  explicit Namer(Platform& p) : p_(p) {}

  void run() {
    std::size_t groups = 0;
    for (const Tenant& t : p_.tenants) groups += t.workers.size();
    p_.objects.reserve(8 + p_.provider_networks.size() + 2 * p_.egresses.size() +
                       p_.vip_pools.size() + p_.bgp_peers.size() + 41 * p_.tenants.size() +
                       4 * groups);
    std::string shared = "platform/" + p_.name + "/shared";
    std::string platform_owner = "platform \"" + p_.name + "\"";
    std::size_t shared_layer =
        layer(p_.name + "-platform", shared, p_.span, platform_owner, {}, TenantId{}, false);
    for (ProviderNetwork& pn : p_.provider_networks) {
      pn.object = add(Kind::ProviderNetwork, {}, pn.name,
                      {shared, {}, pn.span, "provider network \"" + pn.name + "\""});
    }
    for (Egress& e : p_.egresses) {
      Site at{shared, {}, e.span, "egress \"" + e.name + "\""};
      e.attachment = add(Kind::NetworkAttachmentDefinition, kAttachmentNamespace,
                         "kmetal-egress-" + e.name, at);
      e.subnet = add(Kind::Subnet, {}, "kmetal-egress-" + e.name, at);
    }
    for (VipPool& v : p_.vip_pools) {
      Kind kind = v.advertise == Advertise::Bgp ? Kind::BgpAdvertisement : Kind::L2Advertisement;
      v.advertisement = add(kind, kMetallbNamespace, "kmetal-" + v.name,
                            {shared, {}, v.span, "VIP pool \"" + v.name + "\""});
    }
    for (BgpPeer& b : p_.bgp_peers) {
      b.object = add(Kind::BgpPeer, kMetallbNamespace, "kmetal-" + b.name,
                     {shared, {}, b.span, "BGP peer \"" + b.name + "\""});
    }
    bool csi = std::any_of(p_.tenants.begin(), p_.tenants.end(),
                           [](const Tenant& t) { return t.csi.declared; });
    if (csi) {
      p_.csi_cluster_role =
          add(Kind::ClusterRole, {}, "kmetal-csi",
              {shared, {}, p_.csi.declared ? p_.csi.span : p_.span, platform_owner});
    }
    for (std::size_t i = 0; i < p_.tenants.size(); ++i) tenant(i, shared_layer);
  }

 private:
  // Where an object goes and whom its name comes from.
  struct Site {
    std::string folder;
    std::string tenant;
    SourceSpan span;
    std::string owner;
  };

  ObjectId add(Kind kind, std::string ns, std::string name, const Site& at,
               bool content_addressed = false, std::string file = {}) {
    ObjectId id{static_cast<std::uint32_t>(p_.objects.size())};
    p_.objects.push_back({kind,
                          std::move(ns),
                          std::move(name),
                          content_addressed,
                          at.folder,
                          std::move(file),
                          at.tenant,
                          at.span,
                          at.owner,
                          {}});
    return id;
  }

  std::size_t layer(std::string name, std::string folder, SourceSpan span, std::string owner,
                    std::vector<std::size_t> depends_on, TenantId tenant, bool as_tenant,
                    std::string tenant_label = {}) {
    Site at{"clusters/" + p_.name, std::move(tenant_label), span, std::move(owner)};
    ObjectId k = add(Kind::FluxKustomization, kFluxNamespace, std::move(name), at, false,
                     tenant.valid() ? "tenants.yaml" : "platform.yaml");
    p_.layers.push_back({k, std::move(folder), std::move(depends_on), tenant, as_tenant});
    return p_.layers.size() - 1;
  }

  void tenant(std::size_t index, std::size_t shared_layer) {
    Tenant& t = p_.tenants[index];
    TenantId id{static_cast<std::uint32_t>(index)};
    TenantObjects& o = t.objects;
    std::string owner = "tenant \"" + t.name + "\"";
    std::string base = tenant_platform_folder(p_.name, t.name);
    // Each layer's infix comes before the tenant name, so no tenant name can make one
    // layer's name another's ("acme" and "acme-network" stay apart).
    auto flux = [&](const char* layer_name) { return p_.name + "-" + layer_name + "-" + t.name; };

    Site net{base + "/network", t.name, t.span, owner};
    std::size_t last =
        layer(flux("network"), net.folder, t.span, owner, {shared_layer}, id, false, t.name);
    o.ns = add(Kind::Namespace, {}, t.name, net);
    o.flux_account = add(Kind::ServiceAccount, kFluxNamespace, "kmetal-tenant-" + t.name, net);
    o.flux_binding = add(Kind::RoleBinding, t.name, "kmetal-reconciler", net);
    // Applied by the platform's layer, not the tenant's: the tenant cannot lift its own quota.
    o.quota = add(Kind::ResourceQuota, t.name, "kmetal-tenant", net);
    o.limits = add(Kind::LimitRange, t.name, "kmetal-defaults", net);
    o.subnet = add(Kind::Subnet, {}, t.name, net);
    o.address_pool = add(Kind::IpAddressPool, kMetallbNamespace, t.name, net);
    if (t.network.vlan) {
      o.vlan = add(Kind::Vlan, {}, t.name, net);
    } else {
      o.vpc = add(Kind::Vpc, {}, "kmetal-vpc-" + t.name, net);
      Site egress{base + "/egress", t.name, t.span, owner};
      last = layer(flux("egress"), egress.folder, t.span, owner, {last}, id, false, t.name);
      o.nat_gateway = add(Kind::VpcNatGateway, {}, t.name, egress);
      o.eip = add(Kind::IptablesEip, {}, t.name, egress);
      Site snat{base + "/snat", t.name, t.span, owner};
      last = layer(flux("snat"), snat.folder, t.span, owner, {last}, id, false, t.name);
      o.snat = add(Kind::IptablesSnatRule, {}, t.name, snat);
    }

    Site own{tenant_folder(t.name), t.name, t.span, owner};
    layer(flux("tenant"), own.folder, t.span, owner, {last}, id, true, t.name);
    o.control_plane = add(Kind::KamajiControlPlane, t.name, t.name, own);
    o.cluster = add(Kind::Cluster, t.name, t.name, own);
    o.kubevirt_cluster = add(Kind::KubevirtCluster, t.name, t.name, own);
    if (t.cni.plugin != CniPlugin::None && t.cni.source.valid()) {
      o.chart_source =
          add(Kind::HelmRepository, t.name, "kmetal-" + p_.chart_source(t.cni.source).name, own);
      o.cni = add(Kind::HelmRelease, t.name, "kmetal-cni", own);
    }
    if (t.csi.declared) csi(t, net, own, base + "/cluster");
    if (t.cloud_provider.declared) {
      o.ccm_account = add(Kind::ServiceAccount, t.name, "kmetal-ccm", net);
      o.ccm_role = add(Kind::Role, t.name, "kmetal-ccm", net);
      o.ccm_binding = add(Kind::RoleBinding, t.name, "kmetal-ccm", net);
      o.ccm_config = add(Kind::ConfigMap, t.name, "kmetal-ccm", own);
      o.ccm = add(Kind::Deployment, t.name, "kmetal-ccm", own);
    }
    for (WorkerGroup& g : t.workers) {
      Site group{own.folder, t.name, g.span, "workers \"" + g.name + "\" of " + owner};
      std::string name = t.name + "-" + g.name;
      g.deployment = add(Kind::MachineDeployment, t.name, name, group);
      g.health_check = add(Kind::MachineHealthCheck, t.name, name, group);
      g.machine_template = add(Kind::KubevirtMachineTemplate, t.name, name, group, true);
      g.bootstrap_template = add(Kind::KubeadmConfigTemplate, t.name, name, group, true);
    }
  }

  // The KubeVirt CSI driver's objects: the controller's identity in the platform's layer
  // (its cluster-wide binding needs more than the tenant's Flux identity may grant), the
  // controller and the Kustomization that reaches into the tenant cluster in the tenant's
  // layer (both wait for Kamaji's kubeconfig), the rest inside the tenant cluster.
  void csi(Tenant& t, const Site& net, const Site& own, const std::string& inside_folder) {
    TenantObjects& o = t.objects;
    o.csi_account = add(Kind::ServiceAccount, t.name, "kmetal-csi", net);
    o.csi_role = add(Kind::Role, t.name, "kmetal-csi", net);
    o.csi_binding = add(Kind::RoleBinding, t.name, "kmetal-csi", net);
    o.csi_cluster_binding = add(Kind::ClusterRoleBinding, {}, "kmetal-csi-" + t.name, net);
    o.csi_controller = add(Kind::Deployment, t.name, "kmetal-csi-controller", own);
    o.csi_sync = add(Kind::FluxKustomization, t.name, "kmetal-csi", own);
    Site inside{inside_folder, t.name, t.csi.span, own.owner};
    std::size_t first_inside = p_.objects.size();
    o.csi_ns = add(Kind::Namespace, {}, "kmetal-csi", inside);
    o.csi_driver = add(Kind::CsiDriver, {}, "csi.kubevirt.io", inside);
    o.csi_node_account = add(Kind::ServiceAccount, "kmetal-csi", "kmetal-csi-node", inside);
    o.csi_node_role = add(Kind::ClusterRole, {}, "kmetal-csi-node", inside);
    o.csi_node_binding = add(Kind::ClusterRoleBinding, {}, "kmetal-csi-node", inside);
    o.csi_node = add(Kind::DaemonSet, "kmetal-csi", "kmetal-csi-node", inside);
    // Named like the under cluster's class the volumes land in, and the tenant's default.
    std::string class_name = t.storage.storage_class.valid()
                                 ? p_.storage_class(t.storage.storage_class).name
                                 : "kubevirt";
    o.csi_class = add(Kind::StorageClass, {}, class_name, inside);
    for (std::size_t i = first_inside; i < p_.objects.size(); ++i) p_.objects[i].cluster = t.name;
  }

  Platform& p_;
};

}  // namespace

void name_objects(Platform& platform) {
  platform.objects.clear();
  platform.layers.clear();
  Namer(platform).run();
}

}  // namespace kmetal::ir
