#include "compiler/ir/fingerprint.h"

#include <unordered_map>

#include "compiler/base/sha256.h"

namespace kmetal::ir {
namespace {

// Writes IR values as unambiguous bytes: integers as 8 bytes little-endian (on every host),
// strings length-prefixed, so no two different sequences of values give the same bytes.
class Writer {
 public:
  // `rows[i]`: the object rows of tenant i; the last entry, the shared ones.
  Writer(const Platform& p, const std::vector<std::vector<std::size_t>>& rows)
      : p_(p), rows_(rows) {
    out_.reserve(4096);
  }

  std::string take() { return std::move(out_); }

  // Scalars.
  void put(std::uint64_t v) {
    char bytes[8];
    for (char& b : bytes) {
      b = static_cast<char>(v & 0xFF);
      v >>= 8;
    }
    out_.append(bytes, sizeof bytes);
  }
  void put(std::int64_t v) { put(static_cast<std::uint64_t>(v)); }
  void put(int v) { put(static_cast<std::int64_t>(v)); }
  void put(unsigned v) { put(static_cast<std::uint64_t>(v)); }
  void put(bool v) { out_ += v ? 'T' : 'F'; }
  void put(std::string_view s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  void put(const std::string& s) { put(std::string_view(s)); }
  void put(const char* s) { put(std::string_view(s)); }
  void put(const SourceSpan&) {}  // where a diagnostic points, never part of a manifest
  void put(const IpAddress& v) { put(v.to_string()); }
  void put(const Cidr& v) { put(v.to_string()); }
  void put(const IpRange& v) { put(v.to_string()); }
  void put(const Version& v) { put(v.to_string()); }
  void put(Advertise v) { put(static_cast<int>(v)); }
  void put(CniPlugin v) { put(static_cast<int>(v)); }
  void put(Kind v) { put(kind_info(v).name); }

  template <typename T>
  void put(const std::optional<T>& v) {
    put(v.has_value());
    if (v) put(*v);
  }
  template <typename T>
  void put(const std::vector<T>& v) {
    put(v.size());
    for (const T& x : v) put(x);
  }
  template <typename T>
  void put(const Located<T>& v) {
    put(v.value);
  }
  template <typename T>
  void put(const Allocatable<T>& v) {
    const auto& [value, automatic, span] = v;
    put(value);
    put(automatic);
  }

  // Ids, as what they name. An object by its identity: its row is written whole with the rows
  // of its tenant, or with the shared ones.
  void put(ObjectId id) {
    if (!id.valid()) return put("-");
    const ObjectName& o = p_.object(id);
    all(o.kind, o.ns, o.name);
  }
  void row(std::size_t index) {
    const auto& [kind, ns, name, content_addressed, folder, file, tenant, span, owner, cluster] =
        p_.objects.at(index);
    all(kind, ns, name, content_addressed, folder, file, tenant, owner, cluster);
  }
  void rows(std::size_t owner) {
    put(rows_.at(owner).size());
    for (std::size_t r : rows_[owner]) row(r);
  }
  void put(TenantId id) { put(id.valid() ? p_.tenant(id).name : "-"); }
  void put(HostPoolId id) { put(id.valid() ? p_.host_pool(id).name : "-"); }
  void put(ProviderNetworkId id) { put(id.valid() ? p_.provider_network(id).name : "-"); }
  void put(VipPoolId id) { put(id.valid() ? p_.vip_pool(id).name : "-"); }
  void put(EgressId id) { put(id.valid() ? p_.egress(id).name : "-"); }
  void put(FlavorId id) { put(id.valid() ? p_.flavors.at(id.value).name : "-"); }
  void put(StorageClassId id) { put(id.valid() ? p_.storage_class(id).name : "-"); }
  void put(ChartSourceId id) { put(id.valid() ? p_.chart_source(id).name : "-"); }

  // Structs: each binding lists every field, so a new one is a compile error here.
  void put(const Resources& r) {
    const auto& [millicores, memory, storage] = r;
    all(millicores, memory, storage);
  }
  void put(const Device& d) {
    const auto& [name, resource, count, span] = d;
    all(name, resource, count);
  }
  void put(const HostPool& h) {
    const auto& [name, span, count, host, reserve, devices, dedicated, dedicated_tenant] = h;
    all(name, count, host, reserve, devices, dedicated, dedicated_tenant);
  }
  void put(const ProviderNetwork& n) {
    const auto& [name, span, interface, vlan_low, vlan_high, vlans_span, object] = n;
    all(name, interface, vlan_low, vlan_high, object);
  }
  void put(const VipPool& v) {
    const auto& [name, span, advertise, ranges, from_cidr, advertise_span, advertisement] = v;
    all(name, advertise, ranges, from_cidr, advertisement);
  }
  void put(const BgpPeer& b) {
    const auto& [name, span, address, asn, my_asn, port, hold_time, password_secret, object] = b;
    all(name, address, asn, my_asn, port, hold_time, password_secret, object);
  }
  void put(const Egress& e) {
    const auto& [name, span, interface, provider, vlan, cidr, gateway, ranges, subnet, attachment] =
        e;
    all(name, interface, provider, vlan, cidr, gateway, ranges, subnet, attachment);
  }
  void put(const StorageClass& s) {
    const auto& [name, span, block, overhead_per_mille, capacity, capacity_span] = s;
    all(name, block, overhead_per_mille, capacity);
  }
  void put(const ChartSource& c) {
    const auto& [name, span, url] = c;
    all(name, url);
  }
  void put(const Cni& c) {
    const auto& [declared, plugin, version, source, span] = c;
    all(declared, plugin, version, source);
  }
  void put(const Csi& c) {
    const auto& [declared, image, span, image_span] = c;
    all(declared, image);
  }
  void put(const CloudProvider& c) {
    const auto& [declared, image, span, image_span] = c;
    all(declared, image);
  }
  void put(const Flavor& f) {
    const auto& [name, span, size] = f;
    all(name, size);
  }
  void put(const WorkerGroup& g) {
    const auto& [name, span, replicas, size, flavor, image, version, pool, pool_span, gpu, gpus,
                 gpus_span, storage_class, deployment, health_check, machine_template,
                 bootstrap_template] = g;
    all(name, replicas, size, flavor, image, version, pool, gpu, gpus, storage_class, deployment,
        health_check, machine_template, bootstrap_template);
  }
  void put(const TenantNetwork& n) {
    const auto& [cidr, prefix, vlan, provider, egress, egress_ip, nameservers, span] = n;
    all(cidr, prefix, vlan, provider, egress, egress_ip, nameservers);
  }
  void put(const ControlPlane& c) {
    const auto& [replicas, vip, pool, size, version, admin_ranges, span] = c;
    all(replicas, vip, pool, size, version, admin_ranges);
  }
  void put(const ClusterNetwork& c) {
    const auto& [pods, services, dns, dns_defaulted] = c;
    all(pods, services, dns, dns_defaulted);
  }
  void put(const TenantObjects& o) {
    const auto& [ns, flux_account, flux_binding, subnet, vlan, vpc, nat_gateway, eip, snat,
                 address_pool, quota, limits, chart_source, cni, csi_account, csi_role, csi_binding,
                 csi_cluster_binding, csi_controller, csi_sync, csi_ns, csi_driver,
                 csi_node_account, csi_node_role, csi_node_binding, csi_node, csi_class,
                 ccm_account, ccm_role, ccm_binding, ccm_config, ccm, control_plane, cluster,
                 kubevirt_cluster] = o;
    all(ns, flux_account, flux_binding, subnet, vlan, vpc, nat_gateway, eip, snat, address_pool,
        quota, limits, chart_source, cni, csi_account, csi_role, csi_binding, csi_cluster_binding,
        csi_controller, csi_sync, csi_ns, csi_driver, csi_node_account, csi_node_role,
        csi_node_binding, csi_node, csi_class, ccm_account, ccm_role, ccm_binding, ccm_config, ccm,
        control_plane, cluster, kubevirt_cluster);
  }
  void put(const TenantStorage& s) {
    const auto& [size, storage_class, span] = s;
    all(size, storage_class);
  }
  void put(const FluxLayer& l) {
    const auto& [kustomization, folder, depends_on, tenant, as_tenant] = l;
    all(kustomization, folder, tenant, as_tenant);
    put(depends_on.size());
    for (std::size_t d : depends_on) put(p_.layers.at(d).kustomization);
  }

  // A tenant with its object rows, and (at depth 0) the tenants it peers with, whose VPC, CIDR
  // and link address its own VPC names. Their peers in turn are written by name only.
  void tenant(std::size_t index, int depth) {
    const auto& [name, span, merged_from, network, control_plane, cluster_network, workers, storage,
                 allows, cni, csi, cloud_provider, objects] = p_.tenants.at(index);
    all(name, network, control_plane, cluster_network, workers, storage, cni, csi, cloud_provider,
        objects);
    rows(index);
    put(allows.size());
    for (const Allow& a : allows) {
      const auto& [other, allow_span, target, link] = a;
      all(other, target, link);
      if (depth == 0 && target.valid()) tenant(target.value, 1);
    }
  }

  // Everything of the platform that is not a tenant's.
  void platform(const std::vector<std::size_t>& shared_layers) {
    const auto& [name, span, domain, kubernetes, datastore, tenant_space, reserved, admin_ranges,
                 failure_tolerance, failure_tolerance_span, overcommit_cpu, overcommit_memory,
                 host_pools, provider_networks, vip_pools, egresses, bgp_peers, storage_classes,
                 chart_sources, cni, csi, cloud_provider, csi_cluster_role, flavors, tenants,
                 nameservers, nameservers_span, objects, layers] = p_;
    all(name, domain, kubernetes, datastore, tenant_space, reserved, admin_ranges,
        failure_tolerance, overcommit_cpu, overcommit_memory, host_pools, provider_networks,
        vip_pools, egresses, bgp_peers, storage_classes, chart_sources, cni, csi, cloud_provider,
        csi_cluster_role, flavors, nameservers);
    rows(rows_.size() - 1);
    for (std::size_t l : shared_layers) put(layers.at(l));
  }

 private:
  template <typename... T>
  void all(const T&... values) {
    (put(values), ...);
  }

  const Platform& p_;
  const std::vector<std::vector<std::size_t>>& rows_;
  std::string out_;
};

}  // namespace

std::vector<std::string> tenant_fingerprints(const Platform& platform, std::string_view salt) {
  // The object rows and Flux layers of each tenant (index tenants.size(): the shared ones).
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < platform.tenants.size(); ++i) index[platform.tenants[i].name] = i;
  const std::size_t shared = platform.tenants.size();
  std::vector<std::vector<std::size_t>> rows(shared + 1);
  std::vector<std::vector<std::size_t>> layers(shared + 1);
  for (std::size_t i = 0; i < platform.objects.size(); ++i) {
    auto it = index.find(platform.objects[i].tenant);
    rows[it == index.end() ? shared : it->second].push_back(i);
  }
  for (std::size_t i = 0; i < platform.layers.size(); ++i) {
    TenantId t = platform.layers[i].tenant;
    layers[t.valid() ? t.value : shared].push_back(i);
  }

  Writer common(platform, rows);
  common.put(salt);
  common.platform(layers[shared]);
  const std::string prefix = sha256_hex(common.take());

  std::vector<std::string> out;
  out.reserve(shared);
  for (std::size_t i = 0; i < shared; ++i) {
    Writer w(platform, rows);
    w.put(prefix);
    w.tenant(i, 0);
    for (std::size_t l : layers[i]) w.put(platform.layers[l]);
    out.push_back(sha256_hex(w.take()));
  }
  return out;
}

}  // namespace kmetal::ir
