#include "compiler/ir/check_attachments.h"

#include <algorithm>
#include <tuple>

#include "compiler/ir/network.h"

namespace kmetal::ir {

void check_vlans(const Platform& p, DiagnosticEngine& diags) {
  struct Use {
    std::uint32_t provider;
    std::int64_t vlan;
    std::string who;
    SourceSpan span;
  };
  std::vector<Use> uses;
  auto in_range = [&](ProviderNetworkId id, std::int64_t vlan, SourceSpan at) {
    const ProviderNetwork& pn = p.provider_network(id);
    if (vlan >= pn.vlan_low && vlan <= pn.vlan_high) return true;
    diags.report(DiagKind::vlan_outside_range, at, vlan, pn.name, pn.vlan_low, pn.vlan_high)
        .note(pn.vlans_span, "the provider network's VLANs");
    return false;
  };
  for (const Egress& e : p.egresses) {
    if (e.provider.valid() && e.vlan && in_range(e.provider, *e.vlan, e.span)) {
      uses.push_back({e.provider.value, *e.vlan, "egress \"" + e.name + "\"", e.span});
    }
  }
  for (const Tenant& t : p.tenants) {
    const auto& vlan = t.network.vlan;
    if (!vlan || !vlan->value || !t.network.provider.valid()) continue;
    if (in_range(t.network.provider, *vlan->value, vlan->span)) {
      uses.push_back(
          {t.network.provider.value, *vlan->value, "tenant \"" + t.name + "\"", vlan->span});
    }
  }
  std::stable_sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) {
    return std::tie(a.provider, a.vlan) < std::tie(b.provider, b.vlan);
  });
  for (std::size_t i = 1; i < uses.size(); ++i) {
    const Use& a = uses[i - 1];
    const Use& b = uses[i];
    if (a.provider != b.provider || a.vlan != b.vlan) continue;
    diags.report(DiagKind::vlan_in_use, b.span, b.vlan, p.provider_networks[b.provider].name, a.who)
        .note(a.span, a.who + " uses it here");
  }
}

void check_vips(const Platform& p, DiagnosticEngine& diags) {
  for (const VipPool& pool : p.vip_pools) {
    if (pool.advertise == Advertise::Bgp && p.bgp_peers.empty()) {
      diags.report(DiagKind::bgp_without_peers, pool.advertise_span, pool.name)
          .help(
              "declare the routers to peer with, e.g. `bgp_peer \"tor-a\" { address = "
              "192.0.2.1 asn = 64512 my_asn = 64513 }` in the platform");
    }
  }
  struct Use {
    IpAddress vip;
    const Tenant* tenant;
  };
  std::vector<Use> uses;
  for (const Tenant& t : p.tenants) {
    const ControlPlane& cp = t.control_plane;
    if (!cp.vip.value) continue;
    uses.push_back({*cp.vip.value, &t});
    if (!cp.pool.valid()) {
      if (!cp.vip.automatic && p.vip_pools.size() > 0) {
        diags
            .report(DiagKind::vip_outside_pool, cp.vip.span, cp.vip.value->to_string(), t.name,
                    "any")
            .help("VIPs come from the platform's `vip_pool` blocks");
      }
      continue;
    }
    const VipPool& pool = p.vip_pool(cp.pool);
    bool inside = false;
    for (std::size_t r = 0; r < pool.ranges.size(); ++r) {
      const IpRange& range = pool.ranges[r].value;
      if (!range.contains(*cp.vip.value)) continue;
      inside = true;
      bool ends = pool.from_cidr[r] && range.last.value - range.first.value >= 3;
      if (ends && (*cp.vip.value == range.first || *cp.vip.value == range.last)) {
        diags
            .report(DiagKind::vip_network_or_broadcast, cp.vip.span, cp.vip.value->to_string(),
                    *cp.vip.value == range.first ? "network" : "broadcast", range.to_string())
            .note(pool.ranges[r].span, "VIP pool \"" + pool.name + "\" range");
      }
    }
    if (!inside) {
      diags
          .report(DiagKind::vip_outside_pool, cp.vip.span, cp.vip.value->to_string(), t.name,
                  pool.name)
          .note(pool.span, "VIP pool declared here");
    }
  }
  std::stable_sort(uses.begin(), uses.end(),
                   [](const Use& a, const Use& b) { return a.vip < b.vip; });
  for (std::size_t i = 1; i < uses.size(); ++i) {
    if (uses[i].vip != uses[i - 1].vip) continue;
    const Tenant& first = *uses[i - 1].tenant;
    const Tenant& again = *uses[i].tenant;
    diags
        .report(DiagKind::vip_in_use, again.control_plane.vip.span, uses[i].vip.to_string(),
                again.name, first.name)
        .note(first.control_plane.vip.span, "\"" + first.name + "\" VIP declared here");
  }
}

void check_egresses(const Platform& p, DiagnosticEngine& diags) {
  std::vector<std::int64_t> overlay(p.egresses.size(), 0);
  for (const Tenant& t : p.tenants) {
    if (!t.network.vlan && t.network.egress.valid()) ++overlay[t.network.egress.value];
  }
  for (const Egress& e : p.egresses) {
    bool by_interface = e.interface.has_value();
    bool by_vlan = e.provider.valid() || e.vlan.has_value();
    if (by_interface && by_vlan) {
      diags.report(DiagKind::egress_attachment, e.span, e.name,
                   "sets both `interface` and `provider`/`vlan`; choose one");
    } else if (!by_interface && !by_vlan) {
      diags.report(DiagKind::egress_attachment, e.span, e.name,
                   "needs `interface`, or `provider` and `vlan`");
    } else if (by_vlan && !(e.provider.valid() && e.vlan)) {
      diags.report(DiagKind::egress_attachment, e.span, e.name,
                   e.vlan ? "sets `vlan` without `provider`" : "sets `provider` without `vlan`");
    }
    const Cidr& net = e.cidr.value;
    if (!net.contains(e.gateway.value)) {
      diags
          .report(DiagKind::egress_outside_cidr, e.gateway.span, e.name,
                  "gateway " + e.gateway.value.to_string(), net.to_string())
          .note(e.cidr.span, "the egress network");
    }
    for (const auto& r : e.ranges) {
      if (!net.contains(r.value.first) || !net.contains(r.value.last)) {
        diags
            .report(DiagKind::egress_outside_cidr, r.span, e.name,
                    "address range " + r.value.to_string(), net.to_string())
            .note(e.cidr.span, "the egress network");
      } else if (r.value.contains(e.gateway.value)) {
        diags
            .report(DiagKind::egress_outside_cidr, r.span, e.name,
                    "address range " + r.value.to_string() + " includes the gateway and so",
                    "the addresses tenants may use")
            .note(e.gateway.span, "the gateway");
      }
    }
    // The NAT gateway pods take addresses outside `addresses` (kept out of IPAM), never the
    // gateway, the network or the IPv4 broadcast address.
    uint128 free = subnet_addresses(net);
    uint128 held = net.contains(e.gateway.value) ? 1 : 0;
    std::vector<IpRange> inside;
    for (const auto& r : e.ranges) {
      if (net.contains(r.value.first) && net.contains(r.value.last)) inside.push_back(r.value);
    }
    std::sort(inside.begin(), inside.end(),
              [](const IpRange& a, const IpRange& b) { return a.first < b.first; });
    uint128 covered_to = 0;
    bool any = false;
    for (const IpRange& r : inside) {  // union of the ranges, clipped to usable addresses
      uint128 lo = std::max(r.first.value, net.first().value + 1);
      uint128 hi = net.address.family == IpFamily::V4 ? std::min(r.last.value, net.last().value - 1)
                                                      : r.last.value;
      if (any && lo <= covered_to) lo = covered_to + 1;
      if (lo > hi) continue;
      held += hi - lo + 1;
      covered_to = hi, any = true;
    }
    uint128 room = free > held ? free - held : 0;
    std::int64_t tenants = overlay[static_cast<std::size_t>(&e - p.egresses.data())];
    if (room < static_cast<uint128>(tenants)) {
      diags
          .report(DiagKind::egress_full, e.cidr.span, e.name, net.to_string(),
                  static_cast<std::int64_t>(room), tenants)
          .note(e.span, "egress declared here");
    }
  }
}

}  // namespace kmetal::ir
