#include "compiler/ir/dump.h"

#include <type_traits>

#include "compiler/ir/capacity.h"
#include "compiler/ir/quota.h"

namespace kmetal::ir {
namespace {

// An allocatable value as the IR holds it: "unallocated" before the passes (check
// --stop-after lower), and marked when the spec said `auto` (unless it always is).
template <typename T>
std::string allocated(const Allocatable<T>& a, bool mark_auto = true) {
  std::string out = "unallocated";
  if (a.value) {
    if constexpr (std::is_integral_v<T>) {
      out = std::to_string(*a.value);
    } else {
      out = a.value->to_string();
    }
  }
  return a.automatic && mark_auto ? out + " (auto)" : out;
}

class Dumper {
 public:
  explicit Dumper(const Platform& p) : p_(p) {}

  std::string run() {
    line(0, "platform " + p_.name);
    line(1, "domain " + p_.domain);
    line(1, "kubernetes " + p_.kubernetes.value.to_string());
    line(1, "datastore " + p_.datastore);
    line(1, "tenant_space " + p_.tenant_space.value.to_string());
    line(1, "reserved" + cidrs(p_.reserved));
    line(1, "admin_ranges" + cidrs(p_.admin_ranges));
    line(1, "nameservers" + addresses(p_.nameservers));
    line(1, "failure_tolerance " + std::to_string(p_.failure_tolerance));
    line(1, "overcommit cpu " + per_mille(p_.overcommit_cpu) + " memory " +
                per_mille(p_.overcommit_memory));
    for (const HostPool& h : p_.host_pools) {
      std::string text = "host_pool " + h.name + " count " + std::to_string(h.count) + " host " +
                         resources(h.host) + " reserve " + resources(h.reserve);
      if (h.dedicated) text.append(" dedicated to ").append(h.dedicated->value);
      line(1, text);
      for (const Device& d : h.devices) {
        line(2, "device " + d.name + " " + d.resource + " x" + std::to_string(d.count));
      }
    }
    for (const ProviderNetwork& n : p_.provider_networks) {
      line(1, "provider_network " + n.name + " interface " + n.interface + " vlans " +
                  std::to_string(n.vlan_low) + ".." + std::to_string(n.vlan_high));
    }
    for (const VipPool& v : p_.vip_pools) {
      std::string ranges;
      for (const auto& r : v.ranges) ranges += " " + r.value.to_string();
      line(1, "vip_pool " + v.name + (v.advertise == Advertise::Bgp ? " bgp" : " l2") + ranges);
    }
    for (const Egress& e : p_.egresses) {
      // Before the passes (--stop-after lower) an egress may name no provider or no VLAN.
      std::string via = "unattached";
      if (e.interface) {
        via = "interface " + *e.interface;
      } else if (e.provider.valid()) {
        via = "provider " + p_.provider_network(e.provider).name +
              (e.vlan ? " vlan " + std::to_string(*e.vlan) : std::string(" no vlan"));
      }
      std::string text = "egress " + e.name + " " + via;
      text.append(" cidr ").append(e.cidr.value.to_string());
      text.append(" gateway ").append(e.gateway.value.to_string()).append(" addresses");
      for (const auto& r : e.ranges) text.append(" ").append(r.value.to_string());
      line(1, text);
    }
    for (const BgpPeer& b : p_.bgp_peers) {
      std::string extra;
      if (b.port) extra += " port " + std::to_string(*b.port);
      if (b.hold_time) extra += " hold_time " + std::to_string(*b.hold_time);
      if (b.password_secret) extra += " password_secret " + *b.password_secret;
      line(1, "bgp_peer " + b.name + " address " + b.address.value.to_string() + " asn " +
                  std::to_string(b.asn) + " my_asn " + std::to_string(b.my_asn) + extra);
    }
    for (const StorageClass& sc : p_.storage_classes) {
      std::string text = "storage_class " + sc.name + (sc.block ? " block" : " filesystem") +
                         " overhead " + per_mille(sc.overhead_per_mille);
      if (sc.capacity) text.append(" capacity ").append(format_bytes(*sc.capacity));
      line(1, text);
    }
    for (const Tenant& t : p_.tenants) tenant(t);
    line(0, "objects");
    for (const ObjectName& o : p_.objects) {
      std::string name =
          (o.ns.empty() ? "" : o.ns + "/") + o.name + (o.content_addressed ? "-<hash>" : "");
      line(1, std::string(kind_info(o.kind).name) + " " + name + " in " + o.folder +
                  (o.file.empty() ? "" : "/" + o.file) +
                  (o.cluster.empty() ? "" : ", inside " + o.cluster + "'s cluster"));
    }
    line(0, "layers");
    for (const FluxLayer& l : p_.layers) {
      std::string after;
      for (std::size_t d : l.depends_on) after += " " + p_.object(p_.layers[d].kustomization).name;
      line(1, p_.object(l.kustomization).name + " applies " + l.folder +
                  (after.empty() ? "" : " after" + after) + (l.as_tenant ? " as the tenant" : ""));
    }
    return out_;
  }

 private:
  void tenant(const Tenant& t) {
    line(0, "tenant " + t.name);
    const TenantNetwork& n = t.network;
    std::string net = "network " + allocated(n.cidr);
    if (n.vlan) {
      net += " vlan " + allocated(*n.vlan) + " on " + p_.provider_network(n.provider).name;
    } else {
      net += " overlay, egress " + p_.egress(n.egress).name + " address " +
             allocated(n.egress_ip, false);
    }
    line(1, net);
    line(1, "nameservers" + addresses(n.nameservers));
    const ControlPlane& cp = t.control_plane;
    line(1, "control_plane " + cp.version.value.to_string() + " replicas " +
                std::to_string(cp.replicas) + " size " + resources(cp.size) + " vip " +
                allocated(cp.vip) + " pool " + p_.vip_pool(cp.pool).name + " admin_ranges" +
                cidrs(cp.admin_ranges));
    const ClusterNetwork& cn = t.cluster_network;
    line(1, "cluster_network pods " + cn.pods.value.to_string() + " services " +
                cn.services.value.to_string() + " dns " + cn.dns.value.to_string() +
                (cn.dns_defaulted ? " (default)" : ""));
    if (t.cni.declared) {
      std::string cni = t.cni.plugin == CniPlugin::Cilium   ? "cilium"
                        : t.cni.plugin == CniPlugin::Calico ? "calico"
                                                            : "none";
      if (!t.cni.version.empty()) cni.append(" ").append(t.cni.version);
      if (t.cni.source.valid()) cni.append(" from ").append(p_.chart_source(t.cni.source).url);
      line(1, "cni " + cni);
    }
    if (t.csi.declared) line(1, "csi " + t.csi.image);
    if (t.cloud_provider.declared) line(1, "cloud_provider " + t.cloud_provider.image);
    for (const Allow& a : t.allows) {
      line(1, "allow " + a.tenant + (a.link ? " link " + a.link->to_string() : ""));
    }
    if (t.storage.size > 0) {
      line(1, "storage " + format_bytes(t.storage.size) +
                  (t.storage.storage_class.valid()
                       ? " storage_class " + p_.storage_class(t.storage.storage_class).name
                       : ""));
    }
    const Quota q = tenant_quota(p_, t);
    std::string quota = "quota cpu " + format_cpu(q.compute.millicores) + " memory " +
                        format_bytes(q.compute.memory) + " storage " + format_bytes(q.storage);
    for (const auto& [cls, bytes] : q.per_class) quota += " " + cls + " " + format_bytes(bytes);
    for (const auto& [res, count] : q.devices) quota += " " + res + " " + std::to_string(count);
    line(1, quota);
    for (const WorkerGroup& g : t.workers) {
      std::string text = "workers " + g.name + " " + g.version.value.to_string() + " replicas " +
                         std::to_string(g.replicas) + " size " + resources(g.size) + " request " +
                         resources(vm_request(p_, g.size)) + " image " + g.image;
      if (g.pool.valid()) text.append(" pool ").append(p_.host_pool(g.pool).name);
      if (g.storage_class.valid()) {
        text.append(" storage_class ").append(p_.storage_class(g.storage_class).name);
      }
      if (g.gpu)
        text.append(" gpu ").append(g.gpu->value).append(" x").append(std::to_string(g.gpus));
      line(1, text);
    }
  }

  void line(int depth, const std::string& text) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ').append(text).append("\n");
  }
  static std::string per_mille(std::int64_t v) {
    std::string frac = std::to_string(1000 + v % 1000).substr(1);
    return std::to_string(v / 1000) + "." + frac;
  }
  static std::string resources(const Resources& r) {
    return format_cpu(r.millicores) + "/" + format_bytes(r.memory) + "/" + format_bytes(r.storage);
  }
  static std::string cidrs(const std::vector<Located<Cidr>>& list) {
    std::string out;
    for (const auto& c : list) out += " " + c.value.to_string();
    return out.empty() ? " -" : out;
  }
  static std::string addresses(const std::vector<Located<IpAddress>>& list) {
    std::string out;
    for (const auto& a : list) out += " " + a.value.to_string();
    return out.empty() ? " -" : out;
  }

  const Platform& p_;
  std::string out_;
};

}  // namespace

std::string dump_ir(const Platform& platform) {
  return Dumper(platform).run();
}

}  // namespace kmetal::ir
