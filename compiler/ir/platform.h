// The kmetal IR: one ir::Platform value owning every entity in vectors, linked by typed ids
// (never pointers). Every entity keeps the spans it came from; a tenant merged from a
// profile keeps both. Quantities are exact integers: millicores and bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/address.h"
#include "compiler/base/source.h"
#include "compiler/base/typed_id.h"
#include "compiler/base/version.h"
#include "compiler/ir/objects.h"

namespace kmetal::ir {

// A typed index into one of Platform's vectors; ids of different kinds do not mix.
template <typename Tag>
using Id = TypedId<Tag>;
using HostPoolId = Id<struct HostPoolTag>;
using ProviderNetworkId = Id<struct ProviderNetworkTag>;
using VipPoolId = Id<struct VipPoolTag>;
using EgressId = Id<struct EgressTag>;
using TenantId = Id<struct TenantTag>;
using FlavorId = Id<struct FlavorTag>;
using BgpPeerId = Id<struct BgpPeerTag>;
using StorageClassId = Id<struct StorageClassTag>;
using ChartSourceId = Id<struct ChartSourceTag>;

template <typename T>
struct Located {
  T value{};
  SourceSpan span;
};

struct Resources {
  std::int64_t millicores = 0;
  std::int64_t memory = 0;   // bytes
  std::int64_t storage = 0;  // bytes
};

using kmetal::Version;

// A value the user wrote, or `auto` that an allocation pass fills in. `span` points at the
// written value (or at `auto`); `automatic` survives allocation so output can say which.
template <typename T>
struct Allocatable {
  std::optional<T> value;
  bool automatic = false;
  SourceSpan span;
};

// A host device every host of a pool offers, by its device plugin's resource name.
struct Device {
  std::string name;      // the spec's name for it: `device "a10"`
  std::string resource;  // "nvidia.com/GA102GL_A10"
  std::int64_t count = 0;
  SourceSpan span;
};

struct HostPool {
  std::string name;
  SourceSpan span;
  std::int64_t count = 0;
  Resources host;     // one host as declared
  Resources reserve;  // kept back on each host for the under cluster
  std::vector<Device> devices;
  // A pool dedicated to one tenant: its hosts are tainted so only that tenant's VMs run there.
  std::optional<Located<std::string>> dedicated;
  TenantId dedicated_tenant;  // resolved by lowering; invalid when unknown (check_placement)
};

struct ProviderNetwork {
  std::string name;
  SourceSpan span;
  std::string interface;
  std::int64_t vlan_low = 0;
  std::int64_t vlan_high = 0;
  SourceSpan vlans_span;
  ObjectId object;  // set by name_objects, like every ObjectId below
};

enum class Advertise { L2, Bgp };

struct VipPool {
  std::string name;
  SourceSpan span;
  Advertise advertise = Advertise::L2;
  std::vector<Located<IpRange>> ranges;
  std::vector<bool> from_cidr;  // per range: written as a CIDR (so network/broadcast exist)
  SourceSpan advertise_span;
  ObjectId advertisement;  // the L2Advertisement or BGPAdvertisement
};

// A BGP router MetalLB's speakers peer with; every `bgp` VIP pool is announced to all peers.
struct BgpPeer {
  std::string name;
  SourceSpan span;
  Located<IpAddress> address;
  std::int64_t asn = 0;     // the router's
  std::int64_t my_asn = 0;  // the speakers'
  std::optional<std::int64_t> port;
  std::optional<std::int64_t> hold_time;       // seconds
  std::optional<std::string> password_secret;  // a Secret in MetalLB's namespace, by name
  ObjectId object;
};

struct Egress {
  std::string name;
  SourceSpan span;
  std::optional<std::string> interface;
  ProviderNetworkId provider;
  std::optional<std::int64_t> vlan;
  Located<Cidr> cidr;
  Located<IpAddress> gateway;
  std::vector<Located<IpRange>> ranges;  // the EIPs; the NAT gateways' own addresses lie outside
  ObjectId subnet;
  ObjectId attachment;  // the NetworkAttachmentDefinition
};

// A StorageClass of the under cluster. CDI provisions a Filesystem volume `overhead` larger
// than the disk it holds (after aligning it to 1Mi); a Block volume exactly.
struct StorageClass {
  std::string name;
  SourceSpan span;
  bool block = false;
  std::int64_t overhead_per_mille = 60;
  std::optional<std::int64_t> capacity;  // bytes, when the spec says how much the class holds
  SourceSpan capacity_span;
};

// A Helm repository the tenant add-ons come from (an OCI one when the URL says oci://).
struct ChartSource {
  std::string name;
  SourceSpan span;
  std::string url;
};

enum class CniPlugin { None, Cilium, Calico };

// The CNI delivered into a tenant cluster by a Flux HelmRelease on the under cluster.
struct Cni {
  bool declared = false;  // by the tenant, its profile or the platform
  CniPlugin plugin = CniPlugin::None;
  std::string version;  // the chart version, pinned
  ChartSourceId source;
  SourceSpan span;
};

// The KubeVirt CSI driver of a tenant cluster: its controller runs on the under cluster in the
// tenant's namespace (DataVolumes there, hot-plugged into the tenant's VMs), its node plugin
// inside the tenant cluster. Upstream publishes no release, so the image is the spec's pin.
struct Csi {
  bool declared = false;  // by the tenant, its profile or the platform
  std::string image;      // the driver's image, fully qualified, with a tag or digest
  SourceSpan span;
  SourceSpan image_span;
};

// The KubeVirt cloud provider of a tenant cluster (kubevirt/cloud-provider-kubevirt): a cloud
// controller manager on the under cluster, in the tenant's namespace, that keeps the tenant's
// Nodes in step with their VMs (deletes a Node whose VM is gone, marks one shut down).
struct CloudProvider {
  bool declared = false;  // by the tenant, its profile or the platform
  std::string image;
  SourceSpan span;
  SourceSpan image_span;
};

struct Flavor {
  std::string name;
  SourceSpan span;
  Resources size;
};

struct WorkerGroup {
  std::string name;
  SourceSpan span;
  std::int64_t replicas = 0;
  Resources size;     // per VM
  FlavorId flavor;    // when sized by a flavor (explicit sizes override its fields)
  std::string image;  // fully qualified; defaulted in lowering from the version
  Located<Version> version;
  // Placement: the host pool the group is pinned to (invalid: any pool not dedicated to
  // another tenant), and the host devices (GPUs) each VM takes from that pool.
  HostPoolId pool;
  SourceSpan pool_span;
  std::optional<Located<std::string>> gpu;  // the pool's device name, as written
  std::int64_t gpus = 0;                    // how many of it each VM takes
  SourceSpan gpus_span;
  StorageClassId storage_class;  // of the root disk; invalid: the cluster's default class

  // The MachineDeployment, its health check and its two immutable templates, whose names end
  // in a hash of their content (so a change makes new ones and rolls the deployment).
  ObjectId deployment;
  ObjectId health_check;
  ObjectId machine_template;
  ObjectId bootstrap_template;
};

struct TenantNetwork {
  Allocatable<Cidr> cidr;
  unsigned prefix = 24;                           // the size `auto` allocates
  std::optional<Allocatable<std::int64_t>> vlan;  // absent: an overlay tenant (own VPC)
  ProviderNetworkId provider;                     // underlay: the provider network
  EgressId egress;                                // overlay: how its VPC leaves
  Allocatable<IpAddress> egress_ip;               // overlay: always allocated
  std::vector<Located<IpAddress>> nameservers;    // the tenant's own, else the platform's
  SourceSpan span;
};

struct ControlPlane {
  std::int64_t replicas = 2;
  Allocatable<IpAddress> vip;
  VipPoolId pool;
  Resources size;  // per replica (pods on the under cluster)
  Located<Version> version;
  std::vector<Located<Cidr>> admin_ranges;
  SourceSpan span;
};

struct ClusterNetwork {
  Located<Cidr> pods;
  Located<Cidr> services;
  Located<IpAddress> dns;
  bool dns_defaulted = false;
};

// The objects of one tenant; those a tenant does not have (a Vlan of an overlay tenant)
// stay invalid.
struct TenantObjects {
  ObjectId ns;
  ObjectId flux_account;  // the ServiceAccount its Flux Kustomization impersonates
  ObjectId flux_binding;  // and the RoleBinding that grants it the tenant's namespace
  ObjectId subnet;
  ObjectId vlan;  // underlay
  ObjectId vpc;   // overlay, and the three objects of its egress path
  ObjectId nat_gateway;
  ObjectId eip;
  ObjectId snat;
  ObjectId address_pool;  // MetalLB's pool holding the VIP
  ObjectId quota;         // the ResourceQuota and LimitRange of its namespace
  ObjectId limits;
  ObjectId chart_source;  // the CNI's HelmRepository and HelmRelease
  ObjectId cni;
  // The KubeVirt CSI driver. On the under cluster: the controller's identity (platform's
  // layer) and Deployment (tenant's layer); the Kustomization that applies the rest inside
  // the tenant cluster, through Kamaji's admin kubeconfig: its namespace, CSIDriver, node
  // plugin with its identity, and the StorageClass of the tenant's volumes.
  ObjectId csi_account;
  ObjectId csi_role;
  ObjectId csi_binding;
  ObjectId csi_cluster_binding;
  ObjectId csi_controller;
  ObjectId csi_sync;
  ObjectId csi_ns;
  ObjectId csi_driver;
  ObjectId csi_node_account;
  ObjectId csi_node_role;
  ObjectId csi_node_binding;
  ObjectId csi_node;
  ObjectId csi_class;
  // The cloud provider: its identity (platform's layer), its cloud-config and Deployment
  // (tenant's layer).
  ObjectId ccm_account;
  ObjectId ccm_role;
  ObjectId ccm_binding;
  ObjectId ccm_config;
  ObjectId ccm;
  ObjectId control_plane;
  ObjectId cluster;
  ObjectId kubevirt_cluster;
};

// A two-sided exception to isolation: this tenant's VPC peers with the other's. The /30 link
// between the two VPC routers is chosen by the allocate pass.
struct Allow {
  std::string tenant;
  SourceSpan span;
  TenantId target;           // resolved by lowering; invalid when unknown
  std::optional<Cidr> link;  // this side's connect address, as ADDRESS/30
};

// The tenant's own persistent volumes (through the KubeVirt CSI driver): a budget in its
// namespace on the under cluster.
struct TenantStorage {
  std::int64_t size = 0;  // bytes; 0: none
  StorageClassId storage_class;
  SourceSpan span;
};

struct Tenant {
  std::string name;
  SourceSpan span;                      // the tenant's label
  std::vector<SourceSpan> merged_from;  // the profiles it extends
  TenantNetwork network;
  ControlPlane control_plane;
  ClusterNetwork cluster_network;
  std::vector<WorkerGroup> workers;  // sorted by name
  TenantStorage storage;
  std::vector<Allow> allows;     // sorted by tenant name
  Cni cni;                       // its own, else the platform's
  Csi csi;                       // likewise
  CloudProvider cloud_provider;  // likewise
  TenantObjects objects;
};

// One Flux Kustomization of the entry point: it applies `folder` once every layer it depends
// on is ready. The shared platform layer comes first, then per tenant its network, its egress
// path (overlay tenants: the NAT gateway and EIP, then the SNAT rule, because Kube-OVN's
// webhook looks each one's dependencies up in its cache), and last the tenant's own objects,
// applied as the tenant.
struct FluxLayer {
  ObjectId kustomization;
  std::string folder;                   // "platform/dc1/tenants/acme/network"
  std::vector<std::size_t> depends_on;  // indices into Platform::layers
  TenantId tenant;                      // invalid for the shared layer
  bool as_tenant = false;               // impersonate the tenant, inside its namespace only
};

struct Platform {
  std::string name;
  SourceSpan span;
  std::string domain;
  Located<Version> kubernetes;
  std::string datastore;
  Located<Cidr> tenant_space;
  std::vector<Located<Cidr>> reserved;
  std::vector<Located<Cidr>> admin_ranges;
  std::int64_t failure_tolerance = 0;
  SourceSpan failure_tolerance_span;
  std::int64_t overcommit_cpu = 1000;  // per mille
  std::int64_t overcommit_memory = 1000;

  std::vector<HostPool> host_pools;
  std::vector<ProviderNetwork> provider_networks;
  std::vector<VipPool> vip_pools;
  std::vector<Egress> egresses;
  std::vector<BgpPeer> bgp_peers;
  std::vector<StorageClass> storage_classes;
  std::vector<ChartSource> chart_sources;
  Cni cni;                       // the default for tenants
  Csi csi;                       // likewise
  CloudProvider cloud_provider;  // likewise
  ObjectId csi_cluster_role;     // what every tenant's CSI controller may read cluster-wide
  std::vector<Flavor> flavors;
  std::vector<Tenant> tenants;                  // sorted by name
  std::vector<Located<IpAddress>> nameservers;  // resolvers tenant VMs reach through their gateway
  SourceSpan nameservers_span;

  // Filled by name_objects: every object kmetal emits, and the Flux layers that apply them.
  std::vector<ObjectName> objects;
  std::vector<FluxLayer> layers;

  const Tenant& tenant(TenantId id) const { return tenants.at(id.value); }
  const VipPool& vip_pool(VipPoolId id) const { return vip_pools.at(id.value); }
  const Egress& egress(EgressId id) const { return egresses.at(id.value); }
  const HostPool& host_pool(HostPoolId id) const { return host_pools.at(id.value); }
  const ChartSource& chart_source(ChartSourceId id) const { return chart_sources.at(id.value); }
  const StorageClass& storage_class(StorageClassId id) const {
    return storage_classes.at(id.value);
  }
  const ProviderNetwork& provider_network(ProviderNetworkId id) const {
    return provider_networks.at(id.value);
  }
  const ObjectName& object(ObjectId id) const { return objects.at(id.value); }
};

// Control-plane pods that declare no size get this one (per replica).
inline constexpr Resources kDefaultControlPlaneSize{1000, 2LL << 30, 0};

// Worker VMs without an `image` boot the node image CAPK publishes for their version (the one
// its own end-to-end tests boot at v0.11: hack/functest.sh).
inline std::string default_worker_image(const Version& v) {
  return "quay.io/capk/ubuntu-2404-container-disk:v" + v.to_string();
}

}  // namespace kmetal::ir
