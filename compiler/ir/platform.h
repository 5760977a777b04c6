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

struct HostPool {
  std::string name;
  SourceSpan span;
  std::int64_t count = 0;
  Resources host;     // one host as declared
  Resources reserve;  // kept back on each host for the under cluster
};

struct ProviderNetwork {
  std::string name;
  SourceSpan span;
  std::string interface;
  std::int64_t vlan_low = 0;
  std::int64_t vlan_high = 0;
  SourceSpan vlans_span;
};

enum class Advertise { L2, Bgp };

struct VipPool {
  std::string name;
  SourceSpan span;
  Advertise advertise = Advertise::L2;
  std::vector<Located<IpRange>> ranges;
  std::vector<bool> from_cidr;  // per range: written as a CIDR (so network/broadcast exist)
};

struct Egress {
  std::string name;
  SourceSpan span;
  std::optional<std::string> interface;
  ProviderNetworkId provider;
  std::optional<std::int64_t> vlan;
  Located<Cidr> cidr;
  Located<IpAddress> gateway;
  std::vector<Located<IpRange>> ranges;
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

  // Set by name_objects: the MachineDeployment and its two immutable templates, whose names
  // end in a hash of everything that shapes them, so a change makes new ones and rolls.
  std::string deployment_name;
  std::string machine_template_name;
  std::string bootstrap_template_name;
};

struct TenantNetwork {
  Allocatable<Cidr> cidr;
  unsigned prefix = 24;                           // the size `auto` allocates
  std::optional<Allocatable<std::int64_t>> vlan;  // absent: an overlay tenant (own VPC)
  ProviderNetworkId provider;                     // underlay: the provider network
  EgressId egress;                                // overlay: how its VPC leaves
  Allocatable<IpAddress> egress_ip;               // overlay: always allocated
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

struct Tenant {
  std::string name;
  SourceSpan span;                      // the tenant's label
  std::vector<SourceSpan> merged_from;  // the profiles it extends
  TenantNetwork network;
  ControlPlane control_plane;
  ClusterNetwork cluster_network;
  std::vector<WorkerGroup> workers;  // sorted by name
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
  std::vector<Flavor> flavors;
  std::vector<Tenant> tenants;  // sorted by name

  const Tenant& tenant(TenantId id) const { return tenants.at(id.value); }
  const VipPool& vip_pool(VipPoolId id) const { return vip_pools.at(id.value); }
  const Egress& egress(EgressId id) const { return egresses.at(id.value); }
  const ProviderNetwork& provider_network(ProviderNetworkId id) const {
    return provider_networks.at(id.value);
  }
};

// Control-plane pods that declare no size get this one (per replica).
inline constexpr Resources kDefaultControlPlaneSize{1000, 2LL << 30, 0};

// Worker VMs without an `image` boot CAPK's published node image for their version.
inline std::string default_worker_image(const Version& v) {
  return "quay.io/capk/ubuntu-2204-container-disk:v" + v.to_string();
}

}  // namespace kmetal::ir
