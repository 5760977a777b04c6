#include "compiler/ir/check_reachability.h"

#include <algorithm>

#include "compiler/base/text.h"
#include "compiler/ir/network.h"
#include "compiler/ir/report.h"

namespace kmetal::ir {
namespace {

struct Blocked {
  IpRange range;
  std::string why;
  SourceSpan span;
};

}  // namespace

void check_reachability(const Platform& p, DiagnosticEngine& diags) {
  // Ranges no tenant reaches through its gateway: the under cluster's own, and each tenant's
  // node network (isolation), sorted so a lookup is a binary search.
  std::vector<Blocked> blocked;
  for (const auto& r : p.reserved) {
    blocked.push_back({IpRange::of(r.value),
                       "it is in the under cluster's reserved range " + r.value.to_string() +
                           ", which tenant networks do not route to",
                       r.span});
  }
  for (const VipPool& pool : p.vip_pools) {
    for (const auto& r : pool.ranges) {
      blocked.push_back({r.value,
                         "it is in VIP pool \"" + pool.name +
                             "\", whose addresses kmetal hands to tenant API servers",
                         r.span});
    }
  }
  // An egress network carries the EIPs and the NAT gateways' own addresses; only its gateway,
  // a router, may double as a resolver.
  for (const Egress& e : p.egresses) {
    IpRange net = IpRange::of(e.cidr.value);
    const IpAddress& gw = e.gateway.value;
    std::string why =
        "it is on egress \"" + e.name + "\"'s network, whose addresses go to tenants' NAT gateways";
    if (!net.contains(gw)) {
      blocked.push_back({net, why, e.cidr.span});
      continue;
    }
    if (net.first < gw)
      blocked.push_back({{net.first, {gw.family, gw.value - 1}}, why, e.cidr.span});
    if (gw < net.last) blocked.push_back({{{gw.family, gw.value + 1}, net.last}, why, e.cidr.span});
  }
  for (const Tenant& t : p.tenants) {
    if (!t.network.cidr.value) continue;
    blocked.push_back({IpRange::of(*t.network.cidr.value),
                       "it is in tenant \"" + t.name + "\"'s network, which isolation closes",
                       t.network.cidr.span});
  }
  std::sort(blocked.begin(), blocked.end(),
            [](const Blocked& a, const Blocked& b) { return a.range.first < b.range.first; });
  // Ranges may nest (a tenant inside a wide reserved range), so a lookup walks back over the
  // ranges starting at or below the address, while some earlier range still reaches it.
  std::vector<IpAddress> reach(blocked.size());
  for (std::size_t i = 0; i < blocked.size(); ++i) {
    reach[i] = i > 0 && blocked[i].range.last < reach[i - 1] ? reach[i - 1] : blocked[i].range.last;
  }
  auto find_blocked = [&](const IpAddress& ip, const Tenant& self) -> const Blocked* {
    auto end =
        std::upper_bound(blocked.begin(), blocked.end(), ip,
                         [](const IpAddress& a, const Blocked& b) { return a < b.range.first; });
    for (auto i = static_cast<std::size_t>(end - blocked.begin()); i > 0 && !(reach[i - 1] < ip);
         --i) {
      const Blocked& b = blocked[i - 1];
      const auto& own = self.network.cidr.value;
      bool is_own = own && b.range.first == own->first() && b.range.last == own->last();
      if (b.range.contains(ip) && !is_own) return &b;
    }
    return nullptr;
  };

  // Tenants without nameservers lack the platform's: one report, at the platform.
  std::vector<const Tenant*> without;
  for (const Tenant& t : p.tenants) {
    if (t.network.nameservers.empty()) without.push_back(&t);
  }
  if (!without.empty()) {
    report_tenants_without(diags, DiagKind::no_nameservers, p, without)
        .help(
            "declare `nameservers = [...]` in the platform: resolvers the tenant networks reach "
            "through their gateway or egress (a tenant's `network` may name its own)");
  }
  for (const Tenant& t : p.tenants) {
    const TenantNetwork& net = t.network;
    for (const auto& ns : net.nameservers) {
      std::string why;
      SourceSpan other;
      const ClusterNetwork& cn = t.cluster_network;
      if (net.cidr.value && ns.value.family != net.cidr.value->address.family) {
        why = std::string("the tenant network is ") +
              (net.cidr.value->address.family == IpFamily::V4 ? "IPv4" : "IPv6");
      } else if (cn.pods.value.contains(ns.value)) {
        why = "it is in the tenant cluster's own pod range " + cn.pods.value.to_string();
        other = cn.pods.span;
      } else if (cn.services.value.contains(ns.value)) {
        why = "it is in the tenant cluster's own service range " + cn.services.value.to_string();
        other = cn.services.span;
      } else if (const Blocked* b = find_blocked(ns.value, t)) {
        why = b->why;
        other = b->span;
      }
      if (why.empty()) continue;
      Diagnostic& d = diags.report(DiagKind::nameserver_unreachable, ns.span, ns.value.to_string(),
                                   t.name, why);
      if (other.valid()) d.note(other, "declared here");
      d.note(t.span, "the tenant");
    }
    for (const Allow& a : t.allows) {
      if (!a.target.valid() || a.tenant == t.name) {
        Diagnostic& d = diags.report(
            DiagKind::unknown_allow, a.span, t.name,
            a.tenant == t.name ? "itself" : "\"" + a.tenant + "\", which no file declares");
        std::vector<std::string> others;
        for (const Tenant& x : p.tenants) {
          if (x.name != t.name) others.push_back(x.name);
        }
        if (auto match = closest_match(a.tenant, others); match && a.tenant != t.name) {
          d.help("did you mean `" + *match + "`?");
        }
        continue;
      }
      const Tenant& other = p.tenant(a.target);
      bool back = std::any_of(other.allows.begin(), other.allows.end(),
                              [&](const Allow& x) { return x.tenant == t.name; });
      if (!back) {
        diags.report(DiagKind::one_sided_allow, a.span, t.name, other.name)
            .note(other.span, "\"" + other.name + "\" declared here")
            .help("add `allow \"" + t.name + "\" {}` to tenant \"" + other.name +
                  "\" if both sides want the path");
      }
      const Tenant* underlay = t.network.vlan ? &t : other.network.vlan ? &other : nullptr;
      if (underlay != nullptr) {
        diags.report(DiagKind::allow_needs_overlay, a.span, t.name, other.name,
                     "tenant \"" + underlay->name + "\" is on a VLAN, not an overlay VPC");
      }
    }
    std::size_t sources = vip_source_ranges(p, t).size();
    if (sources > kMaxSourceRanges) {
      diags.report(DiagKind::too_many_source_ranges, t.control_plane.span, t.name, sources,
                   kMaxSourceRanges);
    }
  }
}

}  // namespace kmetal::ir
