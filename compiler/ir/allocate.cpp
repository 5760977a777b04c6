#include "compiler/ir/allocate.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "compiler/ir/interval_set.h"

namespace kmetal::ir {
namespace {

uint128 host_mask(unsigned bits, unsigned prefix) {
  unsigned host = bits - prefix;
  return host == 0 ? 0 : host >= 128 ? ~uint128{0} : ((uint128{1} << host) - 1);
}

const TenantLock* lock_of(const Lock* lock, const std::string& tenant) {
  if (lock == nullptr) return nullptr;
  auto it = lock->tenants.find(tenant);
  return it == lock->tenants.end() ? nullptr : &it->second;
}

void add_range(IntervalSet& set, IpFamily family, const IpRange& range) {
  if (range.first.family == family) set.add(range.first.value, range.last.value);
}

// The addresses of a pool that may be handed out: a range written as a CIDR loses its
// network and broadcast addresses (when it has more than two).
struct Usable {
  IpRange range;
  bool skip_ends;
  bool allows(const IpAddress& ip) const {
    if (!range.contains(ip)) return false;
    bool big = range.last.value - range.first.value >= 3;
    return !(skip_ends && big && (ip == range.first || ip == range.last));
  }
};

class Allocator {
 public:
  Allocator(Platform& p, const Lock* lock, DiagnosticEngine& diags)
      : p_(p), lock_(lock), diags_(diags) {}

  void run() {
    networks();
    vips();
    vlans();
    egress_ips();
    peering_links();
  }

 private:
  void networks() {
    const Cidr& space = p_.tenant_space.value;
    IpFamily family = space.address.family;
    IntervalSet taken;
    for (const auto& r : p_.reserved) add_range(taken, family, IpRange::of(r.value));
    for (const VipPool& pool : p_.vip_pools) {
      for (const auto& r : pool.ranges) add_range(taken, family, r.value);
    }
    for (const Egress& e : p_.egresses) add_range(taken, family, IpRange::of(e.cidr.value));
    for (const Tenant& t : p_.tenants) {
      if (t.network.cidr.value) add_range(taken, family, IpRange::of(*t.network.cidr.value));
    }
    std::vector<Tenant*> pending;
    for (Tenant& t : p_.tenants) {
      if (!t.network.cidr.automatic) continue;
      const TenantLock* previous = lock_of(lock_, t.name);
      if (previous != nullptr && previous->cidr && previous->cidr->prefix == t.network.prefix &&
          space.contains(*previous->cidr)) {
        IpRange r = IpRange::of(*previous->cidr);
        if (!taken.overlapping(r.first.value, r.last.value)) {
          t.network.cidr.value = *previous->cidr;
          taken.add(r.first.value, r.last.value);
          continue;
        }
      }
      pending.push_back(&t);
    }
    std::map<unsigned, uint128> cursor;  // per prefix: no free block of that size before it
    for (Tenant* t : pending) {
      unsigned prefix = t->network.prefix;
      unsigned bits = space.address.bits();
      if (prefix < space.prefix || prefix > bits) {
        exhausted(*t, t->network.cidr.span, "/" + std::to_string(prefix) + " network",
                  "tenant_space " + space.to_string());
        continue;
      }
      uint128 mask = host_mask(bits, prefix);
      uint128 candidate = cursor.count(prefix) > 0 ? cursor[prefix] : space.first().value;
      bool found = false;
      while (candidate >= space.first().value && (candidate | mask) <= space.last().value) {
        auto hit = taken.overlapping(candidate, candidate | mask);
        if (!hit) {
          found = true;
          break;
        }
        if ((hit->second | mask) == ~uint128{0} && mask != 0) break;  // ran off the top
        candidate = (hit->second | mask) + 1;  // the next aligned block past the obstacle
        if (candidate == 0) break;
      }
      if (!found) {
        exhausted(*t, t->network.cidr.span, "/" + std::to_string(prefix) + " network",
                  "tenant_space " + space.to_string());
        continue;
      }
      cursor[prefix] = candidate;
      t->network.cidr.value = Cidr{IpAddress{space.address.family, candidate}, prefix};
      taken.add(candidate, candidate | mask);
    }
  }

  // Hands out single addresses from `pools` (ranges per pool) to tenants whose `field` is auto.
  template <typename PoolOf, typename FieldOf>
  void addresses(std::map<std::uint32_t, std::vector<Usable>> pools, PoolOf pool_of,
                 FieldOf field_of, const std::map<std::uint32_t, std::string>& pool_names,
                 std::string_view what, IntervalSet taken_v4, IntervalSet taken_v6,
                 const std::function<std::optional<IpAddress>(const TenantLock&)>& locked) {
    auto taken_for = [&](IpFamily f) -> IntervalSet& {
      return f == IpFamily::V4 ? taken_v4 : taken_v6;
    };
    std::vector<Tenant*> pending;
    for (Tenant& t : p_.tenants) {
      Allocatable<IpAddress>* field = field_of(t);
      auto pool = pool_of(t);
      if (field == nullptr || !field->automatic || !pool) continue;
      const TenantLock* previous = lock_of(lock_, t.name);
      if (previous != nullptr) {
        if (auto ip = locked(*previous)) {
          bool usable = false;
          for (const Usable& u : pools[*pool]) usable = usable || u.allows(*ip);
          if (usable && !taken_for(ip->family).contains(ip->value)) {
            field->value = *ip;
            taken_for(ip->family).add(ip->value, ip->value);
            continue;
          }
        }
      }
      pending.push_back(&t);
    }
    std::map<std::uint32_t, std::pair<std::size_t, uint128>> cursor;  // pool -> (range, next)
    for (Tenant* t : pending) {
      Allocatable<IpAddress>* field = field_of(*t);
      std::uint32_t pool = *pool_of(*t);
      const std::vector<Usable>& ranges = pools[pool];
      auto [index, next] =
          cursor.count(pool) > 0 ? cursor[pool] : std::make_pair(std::size_t{0}, uint128{0});
      bool found = false;
      for (; index < ranges.size() && !found; ++index) {
        const Usable& u = ranges[index];
        IntervalSet& taken = taken_for(u.range.first.family);
        uint128 v = std::max(next, u.range.first.value);
        while (v <= u.range.last.value) {
          IpAddress ip{u.range.first.family, v};
          auto hit = taken.overlapping(v, v);
          if (!hit && u.allows(ip)) {
            found = true;
            field->value = ip;
            taken.add(v, v);
            break;
          }
          if (hit && hit->second == ~uint128{0}) break;
          v = hit ? hit->second + 1 : v + 1;
        }
        if (found) {
          cursor[pool] = {index, v};
          break;
        }
        next = 0;
      }
      if (!found) {
        auto name = pool_names.find(pool);
        exhausted(*t, field->span, std::string(what), name == pool_names.end() ? "" : name->second);
      }
    }
  }

  void vips() {
    std::map<std::uint32_t, std::vector<Usable>> pools;
    std::map<std::uint32_t, std::string> names;
    for (std::uint32_t i = 0; i < p_.vip_pools.size(); ++i) {
      const VipPool& pool = p_.vip_pools[i];
      for (std::size_t r = 0; r < pool.ranges.size(); ++r) {
        pools[i].push_back({pool.ranges[r].value, pool.from_cidr[r]});
      }
      names[i] = "VIP pool \"" + pool.name + "\"";
    }
    IntervalSet v4;
    IntervalSet v6;
    for (const Tenant& t : p_.tenants) {
      if (const auto& vip = t.control_plane.vip.value; vip && !t.control_plane.vip.automatic) {
        (vip->family == IpFamily::V4 ? v4 : v6).add(vip->value, vip->value);
      }
    }
    addresses(
        pools,
        [](const Tenant& t) -> std::optional<std::uint32_t> {
          if (!t.control_plane.pool.valid()) return std::nullopt;
          return t.control_plane.pool.value;
        },
        [](Tenant& t) { return &t.control_plane.vip; }, names, "VIP", v4, v6,
        [](const TenantLock& l) { return l.vip; });
  }

  void egress_ips() {
    std::map<std::uint32_t, std::vector<Usable>> pools;
    std::map<std::uint32_t, std::string> names;
    IntervalSet v4;
    IntervalSet v6;
    for (std::uint32_t i = 0; i < p_.egresses.size(); ++i) {
      const Egress& e = p_.egresses[i];
      for (const auto& r : e.ranges) pools[i].push_back({r.value, false});
      names[i] = "egress \"" + e.name + "\"";
      // Never hand out the gateway or the egress network's own network/broadcast address.
      IpRange net = IpRange::of(e.cidr.value);
      IntervalSet& set = e.cidr.value.address.family == IpFamily::V4 ? v4 : v6;
      set.add(e.gateway.value.value, e.gateway.value.value);
      set.add(net.first.value, net.first.value);
      set.add(net.last.value, net.last.value);
    }
    addresses(
        pools,
        [](const Tenant& t) -> std::optional<std::uint32_t> {
          if (t.network.vlan || !t.network.egress.valid()) return std::nullopt;
          return t.network.egress.value;
        },
        [](Tenant& t) { return t.network.vlan ? nullptr : &t.network.egress_ip; }, names,
        "egress address", v4, v6, [](const TenantLock& l) { return l.egress_ip; });
  }

  void vlans() {
    std::map<std::uint32_t, IntervalSet> taken;  // per provider network
    for (const Egress& e : p_.egresses) {
      if (e.provider.valid() && e.vlan)
        taken[e.provider.value].add(uint128(*e.vlan), uint128(*e.vlan));
    }
    for (const Tenant& t : p_.tenants) {
      const auto& vlan = t.network.vlan;
      if (vlan && vlan->value && !vlan->automatic && t.network.provider.valid()) {
        taken[t.network.provider.value].add(uint128(*vlan->value), uint128(*vlan->value));
      }
    }
    std::vector<Tenant*> pending;
    for (Tenant& t : p_.tenants) {
      if (!t.network.vlan || !t.network.vlan->automatic || !t.network.provider.valid()) continue;
      const ProviderNetwork& pn = p_.provider_network(t.network.provider);
      IntervalSet& set = taken[t.network.provider.value];
      const TenantLock* previous = lock_of(lock_, t.name);
      if (previous != nullptr && previous->vlan && *previous->vlan >= pn.vlan_low &&
          *previous->vlan <= pn.vlan_high && !set.contains(uint128(*previous->vlan))) {
        t.network.vlan->value = *previous->vlan;
        set.add(uint128(*previous->vlan), uint128(*previous->vlan));
        continue;
      }
      pending.push_back(&t);
    }
    std::map<std::uint32_t, std::int64_t> cursor;
    for (Tenant* t : pending) {
      const ProviderNetwork& pn = p_.provider_network(t->network.provider);
      IntervalSet& set = taken[t->network.provider.value];
      std::int64_t v = std::max(pn.vlan_low, cursor.count(t->network.provider.value) > 0
                                                 ? cursor[t->network.provider.value]
                                                 : pn.vlan_low);
      while (v <= pn.vlan_high) {
        auto hit = set.overlapping(uint128(v), uint128(v));
        if (!hit) break;
        v = static_cast<std::int64_t>(hit->second) + 1;
      }
      if (v > pn.vlan_high) {
        exhausted(*t, t->network.vlan->span, "VLAN", "provider network \"" + pn.name + "\"");
        continue;
      }
      cursor[t->network.provider.value] = v;
      t->network.vlan->value = v;
      set.add(uint128(v), uint128(v));
    }
  }

  // Each two-sided allow between overlay tenants is a link between their VPC routers: a /30
  // of 169.254.0.0/16 (Kube-OVN's localConnectIP), this side .1, the other .2. A router's
  // links must differ; links of different routers may repeat. The search starts at a hash of
  // the pair's names, so adding a pair moves no other pair's link unless they collide.
  void peering_links() {
    constexpr std::uint32_t kLinks = 1U << 14;  // /30s in 169.254.0.0/16
    std::vector<std::set<std::uint32_t>> used(p_.tenants.size());
    for (std::size_t a = 0; a < p_.tenants.size(); ++a) {
      Tenant& ta = p_.tenants[a];
      for (Allow& allow : ta.allows) {
        if (!allow.target.valid() || allow.target.value <= a) continue;
        Tenant& tb = p_.tenants[allow.target.value];
        auto back = std::find_if(tb.allows.begin(), tb.allows.end(),
                                 [&](const Allow& x) { return x.target.value == a; });
        if (back == tb.allows.end() || ta.network.vlan || tb.network.vlan) continue;
        std::uint32_t hash = 2166136261U;  // FNV-1a over "a/b"
        for (char c : ta.name + "/" + tb.name) {
          hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
        }
        std::uint32_t link = hash % kLinks;
        while (used[a].count(link) > 0 || used[allow.target.value].count(link) > 0) {
          link = (link + 1) % kLinks;
        }
        used[a].insert(link);
        used[allow.target.value].insert(link);
        uint128 base = (uint128{169} << 24) | (uint128{254} << 16) | (uint128{link} * 4);
        allow.link = Cidr{IpAddress{IpFamily::V4, base + 1}, 30};
        back->link = Cidr{IpAddress{IpFamily::V4, base + 2}, 30};
      }
    }
  }

  void exhausted(const Tenant& t, SourceSpan at, const std::string& what,
                 const std::string& where) {
    diags_.report(DiagKind::allocation_exhausted, at, what, t.name, where);
  }

  Platform& p_;
  const Lock* lock_;
  DiagnosticEngine& diags_;
};

}  // namespace

void allocate(Platform& platform, const Lock* previous, DiagnosticEngine& diags) {
  Allocator(platform, previous, diags).run();
}

}  // namespace kmetal::ir
