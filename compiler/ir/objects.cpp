#include "compiler/ir/objects.h"

#include <algorithm>

#include "compiler/base/internal_error.h"

namespace kmetal::ir {
namespace {

constexpr std::size_t kSubdomain = 253;  // RFC 1123 subdomain: most object names
constexpr std::size_t kLabel = 63;       // a DNS label or a label value

// clang-format off
const std::vector<KindInfo> kKinds = {
    {Kind::Namespace, "v1", "Namespace", false, "Namespace", kLabel,
     "namespace names are DNS labels"},
    {Kind::ResourceQuota, "v1", "ResourceQuota", true, "ResourceQuota", kSubdomain,
     "object names are DNS subdomains"},
    {Kind::LimitRange, "v1", "LimitRange", true, "LimitRange", kSubdomain,
     "object names are DNS subdomains"},
    {Kind::ServiceAccount, "v1", "ServiceAccount", true, "ServiceAccount", kSubdomain,
     "object names are DNS subdomains"},
    {Kind::RoleBinding, "rbac.authorization.k8s.io/v1", "RoleBinding", true, "RoleBinding",
     kSubdomain, "object names are DNS subdomains"},
    {Kind::ProviderNetwork, "kubeovn.io/v1", "ProviderNetwork", false, "ProviderNetwork", 12,
     "Kube-OVN names the host bridge br-<name> (util.ExternalBridgeName), and Linux interface "
     "names have at most 15 characters"},
    {Kind::Vlan, "kubeovn.io/v1", "Vlan", false, "Vlan", kLabel,
     "Kube-OVN copies it into label values"},
    {Kind::Vpc, "kubeovn.io/v1", "Vpc", false, "kubeovn.io Vpc/Subnet", kLabel,
     "Kube-OVN copies it into label values"},
    {Kind::Subnet, "kubeovn.io/v1", "Subnet", false, "kubeovn.io Vpc/Subnet", kLabel,
     "Kube-OVN copies it into label values (pkg/controller/ip.go)"},
    {Kind::VpcNatGateway, "kubeovn.io/v1", "VpcNatGateway", false, "VpcNatGateway", 41,
     "Kube-OVN runs it as StatefulSet vpc-nat-gw-<name>, whose name may have at most 52 "
     "characters (util.ValidateNatGwStatefulSetNameLength)"},
    {Kind::IptablesEip, "kubeovn.io/v1", "IptablesEIP", false, "IptablesEIP", kLabel,
     "Kube-OVN copies it into label values"},
    {Kind::IptablesSnatRule, "kubeovn.io/v1", "IptablesSnatRule", false, "IptablesSnatRule",
     kLabel, "Kube-OVN copies it into label values"},
    {Kind::NetworkAttachmentDefinition, "k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", true,
     "NetworkAttachmentDefinition", kLabel,
     "it is the first part of the Kube-OVN provider <name>.<namespace>, a label value"},
    {Kind::IpAddressPool, "metallb.io/v1beta1", "IPAddressPool", true, "IPAddressPool",
     kSubdomain, "object names are DNS subdomains"},
    {Kind::L2Advertisement, "metallb.io/v1beta1", "L2Advertisement", true, "L2Advertisement",
     kSubdomain, "object names are DNS subdomains"},
    {Kind::BgpAdvertisement, "metallb.io/v1beta1", "BGPAdvertisement", true, "BGPAdvertisement",
     kSubdomain, "object names are DNS subdomains"},
    {Kind::BgpPeer, "metallb.io/v1beta2", "BGPPeer", true, "BGPPeer", kSubdomain,
     "object names are DNS subdomains"},
    {Kind::KamajiControlPlane, "controlplane.cluster.x-k8s.io/v1alpha2", "KamajiControlPlane",
     true, "KamajiControlPlane", kLabel,
     "Kamaji names the tenant's API Service after it, and Service names are DNS labels"},
    {Kind::Cluster, "cluster.x-k8s.io/v1beta2", "Cluster", true, "Cluster", kLabel,
     "Cluster API labels every machine with cluster.x-k8s.io/cluster-name"},
    {Kind::MachineDeployment, "cluster.x-k8s.io/v1beta2", "MachineDeployment", true,
     "MachineDeployment", kLabel,
     "Cluster API labels its machines with cluster.x-k8s.io/deployment-name"},
    {Kind::MachineHealthCheck, "cluster.x-k8s.io/v1beta2", "MachineHealthCheck", true,
     "MachineHealthCheck", kSubdomain, "object names are DNS subdomains"},
    {Kind::KubeadmConfigTemplate, "bootstrap.cluster.x-k8s.io/v1beta2", "KubeadmConfigTemplate",
     true, "KubeadmConfigTemplate", kSubdomain, "object names are DNS subdomains"},
    {Kind::KubevirtCluster, "infrastructure.cluster.x-k8s.io/v1alpha1", "KubevirtCluster", true,
     "KubevirtCluster", kSubdomain, "object names are DNS subdomains"},
    {Kind::KubevirtMachineTemplate, "infrastructure.cluster.x-k8s.io/v1alpha1",
     "KubevirtMachineTemplate", true, "KubevirtMachineTemplate", kSubdomain,
     "object names are DNS subdomains"},
    {Kind::FluxKustomization, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", true,
     "Kustomization", kLabel,
     "kustomize-controller labels every object it applies with kustomize.toolkit.fluxcd.io/name"},
    {Kind::HelmRepository, "source.toolkit.fluxcd.io/v1", "HelmRepository", true, "HelmRepository",
     kLabel, "source-controller names the chart artifact and its labels after it"},
    {Kind::HelmRelease, "helm.toolkit.fluxcd.io/v2", "HelmRelease", true, "HelmRelease", kLabel,
     "helm-controller labels the objects it installs with helm.toolkit.fluxcd.io/name"},
    {Kind::Role, "rbac.authorization.k8s.io/v1", "Role", true, "Role", kSubdomain,
     "object names are DNS subdomains"},
    {Kind::ClusterRole, "rbac.authorization.k8s.io/v1", "ClusterRole", false, "ClusterRole",
     kSubdomain, "object names are DNS subdomains"},
    {Kind::ClusterRoleBinding, "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false,
     "ClusterRoleBinding", kSubdomain, "object names are DNS subdomains"},
    {Kind::Deployment, "apps/v1", "Deployment", true, "Deployment", kLabel,
     "its ReplicaSets and pods carry it in their names and labels"},
    {Kind::DaemonSet, "apps/v1", "DaemonSet", true, "DaemonSet", kLabel,
     "its pods carry it in their names and labels"},
    {Kind::CsiDriver, "storage.k8s.io/v1", "CSIDriver", false, "CSIDriver", kLabel,
     "a CSI driver's name is a DNS subdomain of at most 63 characters"},
    {Kind::StorageClass, "storage.k8s.io/v1", "StorageClass", false, "StorageClass", kSubdomain,
     "object names are DNS subdomains"},
    {Kind::ConfigMap, "v1", "ConfigMap", true, "ConfigMap", kSubdomain,
     "object names are DNS subdomains"},
};
// clang-format on

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const std::vector<KindInfo>& all_kinds() {
  return kKinds;
}

const KindInfo& kind_info(Kind kind) {
  const KindInfo& k = kKinds.at(static_cast<std::size_t>(kind));
  KMETAL_CHECK(k.kind == kind, "the kind table is out of order");
  return k;
}

std::string tenant_folder(std::string_view tenant) {
  return "tenants/" + std::string(tenant);
}

std::string tenant_platform_folder(std::string_view platform, std::string_view tenant) {
  return "platform/" + std::string(platform) + "/tenants/" + std::string(tenant);
}

std::string file_prefix(Kind kind) {
  return lower(kind_info(kind).name) + "-";
}

std::string object_path(const ObjectName& o, const std::string& final_name) {
  if (!o.file.empty()) return o.folder + "/" + o.file;
  // A tenant's folder holds one namespace; shared folders mix them.
  bool ns_in_file = !o.ns.empty() && o.folder != tenant_folder(o.tenant);
  return o.folder + "/" + file_prefix(o.kind) + (ns_in_file ? o.ns + "-" : "") + final_name +
         ".yaml";
}

std::string object_path(const ObjectName& o) {
  KMETAL_CHECK(!o.content_addressed, "a content-addressed object has no path before linking");
  return object_path(o, o.name);
}

}  // namespace kmetal::ir
