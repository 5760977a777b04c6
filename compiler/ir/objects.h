// The one table of every Kubernetes object kmetal emits: its kind, namespace, name, the file
// it lands in and the declaration its name derives from. name_objects fills it; check_names
// proves every name valid for its kind, unique in its scope and clear of the names the
// platform's components own. Backends, the emitter and plan read names and paths from here;
// none derives one on its own.
//   tenant "acme" (overlay)  =>  Namespace acme, Subnet acme, Vpc kmetal-vpc-acme,
//                                VpcNatGateway acme, ... each with its path in the tree
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/base/typed_id.h"

namespace kmetal::ir {

enum class Kind : std::uint8_t {
  Namespace,
  ResourceQuota,
  LimitRange,
  ServiceAccount,
  RoleBinding,
  ProviderNetwork,
  Vlan,
  Vpc,
  Subnet,
  VpcNatGateway,
  IptablesEip,
  IptablesSnatRule,
  NetworkAttachmentDefinition,
  IpAddressPool,
  L2Advertisement,
  BgpAdvertisement,
  BgpPeer,
  KamajiControlPlane,
  Cluster,
  MachineDeployment,
  MachineHealthCheck,
  KubeadmConfigTemplate,
  KubevirtCluster,
  KubevirtMachineTemplate,
  FluxKustomization,
  HelmRepository,
  HelmRelease,
  Role,
  ClusterRole,
  ClusterRoleBinding,
  Deployment,
  DaemonSet,
  CsiDriver,
  StorageClass,
  ConfigMap,
};

struct KindInfo {
  Kind kind;
  std::string_view api_version;
  std::string_view name;  // "Subnet"
  bool namespaced;
  // Names are unique per (scope, namespace). Kube-OVN refuses a Subnet named like any Vpc and
  // the reverse (pkg/webhook/subnet.go SubnetCreateHook, vpc.go VpcCreateHook), so the two
  // kinds share one scope.
  std::string_view scope;
  std::size_t max_length;  // the longest name the kind's controllers accept
  std::string_view why;    // why that limit, for the diagnostic
};

const KindInfo& kind_info(Kind kind);
const std::vector<KindInfo>& all_kinds();

using ObjectId = TypedId<struct ObjectTag>;

struct ObjectName {
  Kind kind = Kind::Namespace;
  std::string ns;    // empty for cluster-scoped objects
  std::string name;  // for content-addressed objects, the part before "-<hash>"
  // Immutable objects (the worker templates) are named after a hash of their emitted content
  // when the manifests are linked (backends/link.h), so a change makes a new object.
  bool content_addressed = false;
  std::string folder;  // the output folder: "platform/dc1/shared", "tenants/acme"
  std::string file;    // a shared file (the Flux Kustomizations); empty: one file per object
  std::string tenant;  // the kmetal.io/tenant label, empty for shared objects
  SourceSpan span;     // the declaration the name derives from
  std::string owner;   // that declaration in words: `tenant "acme"`
  // The tenant cluster the object is applied in (through Kamaji's admin kubeconfig); empty
  // for the under cluster. Names are unique per cluster.
  std::string cluster;
};

// The characters a content hash adds to a content-addressed name: "-" and 10 hex digits.
inline constexpr std::size_t kContentHashLength = 10;

// The folder of a tenant's own layer, and the start of an object file's name for a kind
// ("kubevirtmachinetemplate-"): plan reads the branch's tree with these.
std::string tenant_folder(std::string_view tenant);
// The folder of a tenant's platform layers (its network and egress path).
std::string tenant_platform_folder(std::string_view platform, std::string_view tenant);
std::string file_prefix(Kind kind);

// The file an object is written to. In a tenant's folder (one namespace) the file is
// `<kind>-<name>.yaml`; elsewhere the namespace is part of it: `<kind>-<ns>-<name>.yaml`.
std::string object_path(const ObjectName& object, const std::string& final_name);
std::string object_path(const ObjectName& object);

}  // namespace kmetal::ir
