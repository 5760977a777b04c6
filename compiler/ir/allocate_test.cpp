#include "compiler/ir/allocate.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "compiler/ir/test_support.h"

namespace kmetal::ir {
namespace {

using testing::compile;

const char* kPlatform = R"(
platform "p" {
  domain = "p.example.net"  kubernetes = "1.31.4"  tenant_space = 10.64.0.0/14
  nameservers = [203.0.113.1]
  cni { plugin = none }
  reserved = [10.65.0.0/16]
  host_pool "a" { count = 400 cpu = 128 memory = 1Ti storage = 20Ti }
  provider_network "phys" { interface = "eth1" vlans = 100..999 }
  vip_pool "public" { addresses = [192.0.2.0/24, 198.18.0.0/20] }
  egress "out" { interface = "eth2" cidr = 203.0.113.0/24 gateway = 203.0.113.1 addresses = [203.0.113.2-203.0.113.190] }
}
)";

struct TenantShape {
  std::string name;
  bool fixed_cidr;  // else auto
  unsigned prefix;  // for auto
  bool underlay;    // vlan = auto, else overlay with an egress address
  bool fixed_vip;
  std::string cidr;  // fixed value
  std::string vip;
};

std::string tenant_text(const TenantShape& t) {
  std::string network =
      t.fixed_cidr ? "cidr = " + t.cidr : "cidr = auto prefix = " + std::to_string(t.prefix);
  if (t.underlay) network += " vlan = auto";
  return "tenant \"" + t.name + "\" {\n  network { " + network +
         " }\n  control_plane { vip = " + (t.fixed_vip ? t.vip : std::string("auto")) +
         " }\n  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }\n"
         "  workers \"w\" { replicas = 1 cpu = 1 memory = 1Gi disk = 10Gi }\n}\n";
}

std::string spec(const std::vector<TenantShape>& tenants) {
  std::string text = kPlatform;
  for (const TenantShape& t : tenants) text += tenant_text(t);
  return text;
}

// A random fleet: tenant names t0000.. in steps of 10 (so a tenant can be inserted between
// two), fixed networks in 10.66.0.0/16 and fixed VIPs in 192.0.2.0/24, the rest auto.
std::vector<TenantShape> random_fleet(std::mt19937& rng, int n) {
  std::vector<TenantShape> out;
  std::uniform_int_distribution<int> coin(0, 3);
  std::uniform_int_distribution<int> prefix(22, 27);
  for (int i = 0; i < n; ++i) {
    TenantShape t;
    char name[16];
    std::snprintf(name, sizeof name, "t%04d", i * 10);
    t.name = name;
    t.fixed_cidr = coin(rng) == 0;
    t.prefix = static_cast<unsigned>(prefix(rng));
    t.cidr = "10.66." + std::to_string(i) + ".0/24";
    t.underlay = coin(rng) < 2;
    t.fixed_vip = coin(rng) == 0;
    t.vip = "192.0.2." + std::to_string(i + 1);
    out.push_back(t);
  }
  return out;
}

// Everything an allocation must stay clear of, checked pairwise here (the compiler's own
// checks use a sweep; this test deliberately uses the obvious quadratic method instead).
void expect_isolated(const Platform& p) {
  std::vector<std::pair<IpRange, std::string>> ranges;
  for (const auto& r : p.reserved) ranges.push_back({IpRange::of(r.value), "reserved"});
  for (const auto& pool : p.vip_pools) {
    for (const auto& r : pool.ranges) ranges.push_back({r.value, "pool " + pool.name});
  }
  std::map<std::int64_t, std::string> vlans;
  std::map<IpAddress, std::string> addresses;
  for (const Tenant& t : p.tenants) {
    ASSERT_TRUE(t.network.cidr.value) << t.name;
    EXPECT_TRUE(p.tenant_space.value.contains(*t.network.cidr.value)) << t.name;
    if (t.network.cidr.automatic) {
      EXPECT_EQ(t.network.cidr.value->prefix, t.network.prefix);
    }
    for (const auto& [range, owner] : ranges) {
      EXPECT_FALSE(range.overlaps(IpRange::of(*t.network.cidr.value)))
          << t.name << " " << t.network.cidr.value->to_string() << " overlaps " << owner;
    }
    ranges.push_back({IpRange::of(*t.network.cidr.value), t.name});
    ASSERT_TRUE(t.control_plane.vip.value) << t.name;
    EXPECT_TRUE(addresses.emplace(*t.control_plane.vip.value, t.name).second)
        << t.name << " VIP reused";
    if (t.network.vlan) {
      ASSERT_TRUE(t.network.vlan->value);
      EXPECT_TRUE(vlans.emplace(*t.network.vlan->value, t.name).second) << t.name << " VLAN reused";
    } else {
      ASSERT_TRUE(t.network.egress_ip.value) << t.name;
      const IpAddress& ip = *t.network.egress_ip.value;
      EXPECT_NE(ip, p.egresses[0].gateway.value);
      EXPECT_TRUE(addresses.emplace(ip, t.name).second) << t.name << " egress address reused";
    }
  }
}

std::map<std::string, std::string> allocations(const Platform& p) {
  std::map<std::string, std::string> out;
  for (const Tenant& t : p.tenants) {
    std::string v =
        t.network.cidr.value->to_string() + " " + t.control_plane.vip.value->to_string();
    if (t.network.vlan) v += " vlan " + std::to_string(*t.network.vlan->value);
    if (t.network.egress_ip.value) v += " egress " + t.network.egress_ip.value->to_string();
    out[t.name] = v;
  }
  return out;
}

TEST(AllocateProperty, RandomFleetsNeverOverlapAndInsertionMovesNothing) {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    std::mt19937 rng(seed);
    std::vector<TenantShape> fleet = random_fleet(rng, 40);
    auto first = compile(spec(fleet));
    ASSERT_TRUE(first->platform) << "seed " << seed << "\n" << first->errors();
    ASSERT_FALSE(first->diags.has_errors()) << "seed " << seed << "\n" << first->errors();
    expect_isolated(*first->platform);
    std::string lock = render_lock(*first->platform, {});

    // Same input, same result.
    EXPECT_EQ(render_lock(*compile(spec(fleet))->platform, {}), lock);

    // Insert auto tenants in the middle of the name order; with the lock nothing moves.
    std::vector<TenantShape> grown = fleet;
    for (int k : {5, 17, 33}) {
      TenantShape extra = fleet[static_cast<std::size_t>(k)];
      extra.name = fleet[static_cast<std::size_t>(k)].name + "-new";
      extra.fixed_cidr = false;
      extra.fixed_vip = false;
      grown.push_back(extra);
    }
    auto second = compile(spec(grown), lock);
    ASSERT_FALSE(second->diags.has_errors()) << "seed " << seed << "\n" << second->errors();
    expect_isolated(*second->platform);
    auto before = allocations(*first->platform);
    auto after = allocations(*second->platform);
    for (const auto& [name, value] : before) EXPECT_EQ(after.at(name), value) << "seed " << seed;

    // Remove a third of the tenants: the survivors keep theirs too.
    std::vector<TenantShape> shrunk;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      if (i % 3 != 0) shrunk.push_back(fleet[i]);
    }
    auto third = compile(spec(shrunk), lock);
    ASSERT_FALSE(third->diags.has_errors()) << third->errors();
    for (const auto& [name, value] : allocations(*third->platform))
      EXPECT_EQ(before.at(name), value);
  }
}

TEST(Allocate, ReorderedInputGivesTheSameAllocations) {
  std::mt19937 rng(7);
  std::vector<TenantShape> fleet = random_fleet(rng, 30);
  std::vector<TenantShape> shuffled = fleet;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  EXPECT_EQ(render_lock(*compile(spec(fleet))->platform, {}),
            render_lock(*compile(spec(shuffled))->platform, {}));
}

TEST(Allocate, WithoutALockANewTenantMayShiftOthersButTheLockPinsThem) {
  // Documents why the lock exists: "b" sorts before "c", so without a lock it takes the
  // first free block that "c" had; with the lock, "c" keeps it and "b" gets the next.
  std::vector<TenantShape> two = {{"a", false, 24, false, false, "", ""},
                                  {"c", false, 24, false, false, "", ""}};
  auto first = compile(spec(two));
  ASSERT_FALSE(first->diags.has_errors()) << first->errors();
  std::vector<TenantShape> three = two;
  three.push_back({"b", false, 24, false, false, "", ""});
  auto unlocked = compile(spec(three));
  auto locked = compile(spec(three), render_lock(*first->platform, {}));
  EXPECT_NE(allocations(*unlocked->platform).at("c"), allocations(*first->platform).at("c"));
  EXPECT_EQ(allocations(*locked->platform).at("c"), allocations(*first->platform).at("c"));
}

TEST(Allocate, StaleLockValuesAreReallocated) {
  // The lock says 10.64.0.0/24 but a fixed tenant now holds it: the auto tenant moves.
  std::vector<TenantShape> fleet = {{"a", false, 24, false, false, "", ""},
                                    {"b", true, 24, false, false, "10.64.0.0/24", ""}};
  auto c = compile(spec(fleet), "kmetal-lock 1\ntenant a cidr 10.64.0.0/24\n");
  ASSERT_FALSE(c->diags.has_errors()) << c->errors();
  EXPECT_EQ(c->platform->tenants[0].network.cidr.value->to_string(), "10.64.1.0/24");
}

TEST(Allocate, ExhaustionIsALocatedError) {
  std::string text = std::string(kPlatform) +
                     tenant_text({"big", false, 13, false, false, "", ""});  // /13 > the /14 space
  auto c = compile(text);
  ASSERT_TRUE(c->diags.has_errors());
  EXPECT_NE(c->errors().find("KM2601"), std::string::npos) << c->errors();
}

}  // namespace
}  // namespace kmetal::ir
