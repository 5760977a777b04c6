#include "compiler/ir/check_addresses.h"

#include <algorithm>
#include <tuple>

#include "compiler/ir/network.h"

namespace kmetal::ir {
namespace {

// Ordered by how an error should be attributed: a clash is reported at the party the user
// most likely got wrong (a tenant before an egress before a VIP pool before `reserved`).
enum class Owner { Tenant, Egress, VipPool, Reserved };

struct Range {
  IpRange range;
  Owner owner;
  std::string name;  // tenant, egress or pool name
  SourceSpan span;
};

std::string describe(const Range& r) {
  switch (r.owner) {
    case Owner::Tenant:
      return "tenant \"" + r.name + "\" network " + r.range.to_string();
    case Owner::Egress:
      return "egress \"" + r.name + "\" addresses " + r.range.to_string();
    case Owner::VipPool:
      return "VIP pool \"" + r.name + "\" range " + r.range.to_string();
    case Owner::Reserved:
      return "reserved range " + r.range.to_string();
  }
  return r.range.to_string();
}

std::string cidr_text(const IpRange& r) {
  // Tenant and reserved ranges come from CIDRs; print them the way they were written.
  for (unsigned prefix = 0; prefix <= r.first.bits(); ++prefix) {
    Cidr c{r.first, prefix};
    if (c.last() == r.last && c.contains(r.first)) return c.to_string();
  }
  return r.to_string();
}

void report_clash(const Range& a, const Range& b, DiagnosticEngine& diags) {
  const Range& at = std::tie(a.owner) <= std::tie(b.owner) ? a : b;
  const Range& other = &at == &a ? b : a;
  std::string note = describe(other) + " declared here";
  switch (at.owner) {
    case Owner::Tenant:
      if (other.owner == Owner::Tenant) {
        diags
            .report(DiagKind::tenant_network_overlap, at.span, at.name, cidr_text(at.range),
                    other.name)
            .note(other.span, "\"" + other.name + "\" network declared here");
      } else if (other.owner == Owner::Reserved) {
        diags
            .report(DiagKind::overlaps_reserved, at.span,
                    "tenant \"" + at.name + "\" network " + cidr_text(at.range),
                    cidr_text(other.range))
            .note(other.span, "reserved here");
      } else if (other.owner == Owner::VipPool) {
        diags
            .report(DiagKind::overlaps_vip_pool, at.span,
                    "tenant \"" + at.name + "\" network " + cidr_text(at.range), other.name)
            .note(other.span, note);
      } else {
        diags
            .report(DiagKind::egress_overlap, other.span, other.name, other.range.to_string(),
                    "tenant \"" + at.name + "\" network " + cidr_text(at.range))
            .note(at.span, "\"" + at.name + "\" network declared here");
      }
      break;
    case Owner::Egress:
      diags
          .report(DiagKind::egress_overlap, at.span, at.name, at.range.to_string(), describe(other))
          .note(other.span, note);
      break;
    case Owner::VipPool:
      diags
          .report(DiagKind::vip_pools_overlap, at.span, at.name, at.range.to_string(),
                  describe(other))
          .note(other.span, note);
      break;
    case Owner::Reserved:
      break;  // reserved ranges may overlap each other
  }
}

void sweep(std::vector<Range> ranges, DiagnosticEngine& diags) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    return std::tie(a.range.first, a.range.last, a.owner, a.name) <
           std::tie(b.range.first, b.range.last, b.owner, b.name);
  });
  // `reach` is the range seen so far that extends furthest: any later range starting at or
  // before its end overlaps it. One error per overlapping range, never all pairs.
  const Range* reach = nullptr;
  for (const Range& r : ranges) {
    if (reach != nullptr && reach->range.first.family == r.range.first.family &&
        !(reach->range.last < r.range.first)) {
      bool same_owner = reach->owner == r.owner && reach->name == r.name;
      if (!same_owner && !(reach->owner == Owner::Reserved && r.owner == Owner::Reserved)) {
        report_clash(*reach, r, diags);
      }
    }
    if (reach == nullptr || reach->range.first.family != r.range.first.family ||
        reach->range.last < r.range.last) {
      reach = &r;
    }
  }
}

void check_tenant_ranges(const Platform& p, const Tenant& t, DiagnosticEngine& diags) {
  struct Named {
    const char* what;
    Located<Cidr> cidr;
  };
  std::vector<Named> own;
  if (t.network.cidr.value)
    own.push_back({"node network", {*t.network.cidr.value, t.network.cidr.span}});
  own.push_back({"pod range", t.cluster_network.pods});
  own.push_back({"service range", t.cluster_network.services});
  for (std::size_t i = 0; i < own.size(); ++i) {
    for (std::size_t j = i + 1; j < own.size(); ++j) {
      if (own[i].cidr.value.overlaps(own[j].cidr.value)) {
        diags
            .report(DiagKind::tenant_ranges_overlap, own[j].cidr.span, t.name, own[j].what,
                    own[j].cidr.value.to_string(), own[i].what, own[i].cidr.value.to_string())
            .note(own[i].cidr.span, std::string(own[i].what) + " declared here");
      }
    }
  }
  // The node network against `reserved` is part of the platform-wide sweep.
  for (std::size_t i = t.network.cidr.value ? 1 : 0; i < own.size(); ++i) {
    for (const Located<Cidr>& r : p.reserved) {
      if (!own[i].cidr.value.overlaps(r.value)) continue;
      Diagnostic& d = diags.report(
          DiagKind::overlaps_reserved, own[i].cidr.span,
          "tenant \"" + t.name + "\" " + own[i].what + " " + own[i].cidr.value.to_string(),
          r.value.to_string());
      d.note(r.span, "reserved here");
      if (!t.merged_from.empty())
        d.note(t.span, "tenant \"" + t.name + "\" gets it from its profile");
      break;
    }
  }
  const ClusterNetwork& cn = t.cluster_network;
  const Cidr& services = cn.services.value;
  IpAddress network = services.first();
  IpAddress api{network.family, network.value + 1};  // the `kubernetes` service
  if (!services.contains(cn.dns.value) || cn.dns.value == network || cn.dns.value == api) {
    Diagnostic& d = diags.report(DiagKind::dns_outside_services, cn.dns.span, t.name,
                                 cn.dns.value.to_string(), services.to_string());
    if (cn.dns_defaulted)
      d.help("the service range is too small for the default (its tenth address); set `dns`");
  }
}

// The network must hold every machine of the tenant at the worst moment of a rollout.
void check_subnet_size(const Tenant& t, DiagnosticEngine& diags) {
  const Cidr& cidr = *t.network.cidr.value;
  std::int64_t vms = 0;
  for (const WorkerGroup& g : t.workers) vms += g.replicas;
  auto groups = static_cast<std::int64_t>(t.workers.size());
  std::int64_t kept = t.network.vlan ? 1 : 2;  // the gateway, and an overlay NAT gateway's LAN
  std::int64_t need = vms + groups * kRolloutSurge + kept;
  uint128 have = subnet_addresses(cidr);
  if (have >= static_cast<uint128>(need)) return;
  std::string parts = std::to_string(vms) + " worker VM" + (vms == 1 ? "" : "s") + ", " +
                      std::to_string(groups * kRolloutSurge) + " more while " +
                      (groups == 1 ? "its worker group rolls" : "its worker groups roll") +
                      ", the gateway" + (t.network.vlan ? "" : " and the NAT gateway");
  diags
      .report(DiagKind::subnet_too_small, t.network.cidr.span, t.name, cidr.to_string(),
              static_cast<std::int64_t>(have), need, parts)
      .note(t.span, "the tenant");
}

}  // namespace

void check_addresses(const Platform& p, DiagnosticEngine& diags) {
  std::vector<Range> ranges;
  for (const Located<Cidr>& r : p.reserved) {
    ranges.push_back({IpRange::of(r.value), Owner::Reserved, "", r.span});
  }
  for (const VipPool& pool : p.vip_pools) {
    for (const auto& r : pool.ranges)
      ranges.push_back({r.value, Owner::VipPool, pool.name, r.span});
  }
  for (const Egress& e : p.egresses) {
    for (const auto& r : e.ranges) ranges.push_back({r.value, Owner::Egress, e.name, r.span});
  }
  for (const Tenant& t : p.tenants) {
    const auto& cidr = t.network.cidr;
    if (!cidr.value) continue;  // allocation failed and said so
    ranges.push_back({IpRange::of(*cidr.value), Owner::Tenant, t.name, cidr.span});
    if (!p.tenant_space.value.contains(*cidr.value)) {
      diags
          .report(DiagKind::outside_tenant_space, cidr.span, t.name, cidr.value->to_string(),
                  p.tenant_space.value.to_string())
          .note(p.tenant_space.span, "tenant_space declared here");
    }
    check_tenant_ranges(p, t, diags);
    check_subnet_size(t, diags);
  }
  sweep(std::move(ranges), diags);
}

}  // namespace kmetal::ir
