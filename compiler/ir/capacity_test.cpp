#include "compiler/ir/capacity.h"

#include <gtest/gtest.h>

#include "compiler/ir/test_support.h"

namespace kmetal::ir {
namespace {

using testing::compile;
using testing::Compiled;

std::string platform(const std::string& pools, int failure_tolerance = 0) {
  return "platform \"p\" {\n  domain = \"p.net\" kubernetes = \"1.31.4\" tenant_space = "
         "10.64.0.0/10\n  nameservers = [198.51.100.53]\n  cni { plugin = none }\n"
         "  failure_tolerance = " +
         std::to_string(failure_tolerance) + "\n  overcommit { cpu = 2.0 }\n" + pools +
         "  vip_pool \"v\" { addresses = [192.0.2.0/24] }\n"
         "  provider_network \"phys\" { interface = \"eth1\" vlans = 100..200 }\n}\n";
}

std::string tenant(const std::string& name, int vlan, const std::string& workers) {
  return "tenant \"" + name + "\" {\n  network { cidr = auto vlan = " + std::to_string(vlan) +
         " }\n  control_plane { replicas = 1 cpu = 1 memory = 1Gi }\n"
         "  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }\n" +
         workers + "}\n";
}

std::string codes(const Compiled& c) {
  std::string out;
  for (const Diagnostic& d : c.diags.sorted()) out += std::string(info(d.kind).code) + " ";
  return out;
}

constexpr std::int64_t kMi = 1LL << 20;
constexpr std::int64_t kGi = 1LL << 30;

TEST(Capacity, KubevirtOverheadFollowsGetMemoryOverhead) {
  // Hand-computed from KvmHypervisorBackend::GetMemoryOverhead: page tables (the request in
  // kilobytes, rounded up, times 1000, over 512), 25+100+25+40+50Mi of processes, 8Mi per
  // vCPU, 8Mi for the IO thread, 32Mi of video memory.
  EXPECT_EQ(kubevirt_memory_overhead(8 * kGi, 4), 16 * kMi + 240 * kMi + 32 * kMi + 40 * kMi);
  EXPECT_EQ(kubevirt_memory_overhead(1000, 1), 1000 / 512 + 288 * kMi);
  EXPECT_EQ(kubevirt_memory_overhead(1001, 1), 2000 / 512 + 288 * kMi);
}

TEST(Capacity, HostsOfferAllocatableAndVmsRequestTheirSizeOverTheRatios) {
  auto c = compile(
      platform("  host_pool \"a\" { count = 2 cpu = 16 memory = 64Gi storage = 1Ti reserve { cpu = "
               "2 memory = 8Gi } }\n") +
      tenant("t", 100, "  workers \"w\" { replicas = 2 cpu = 4 memory = 8Gi disk = 10Gi }\n"));
  ASSERT_FALSE(c->diags.has_errors()) << c->errors();
  const PoolUsage& pool = c->capacity.pools.at(0);
  EXPECT_EQ(pool.capacity.millicores, 2 * (16 - 2) * 1000);  // what the scheduler sees
  EXPECT_EQ(pool.capacity.memory, 112 * kGi);
  // Each VM requests 4 cpu / 2.0 and 8Gi / 1.0 plus KubeVirt's 328Mi, and its console-log
  // sidecar 5m and 35M; the control-plane pod 1 cpu and 1Gi for its API server and 500m and
  // 640Mi for scheduler, controller manager, konnectivity server and kine.
  EXPECT_EQ(pool.requested.millicores, 2 * (2000 + 5) + 1000 + 500);
  EXPECT_EQ(pool.requested.memory, 2 * (8 * kGi + 328 * kMi + 35'000'000) + kGi + 640 * kMi);
  EXPECT_TRUE(c->capacity.placed);
  EXPECT_EQ(c->capacity.tenants.at(0).vms, 2);
}

TEST(Capacity, RequestsRoundUp) {
  auto c = compile(
      platform("  host_pool \"a\" { count = 2 cpu = 16 memory = 64Gi storage = 1Ti }\n") +
      tenant("t", 100, "  workers \"w\" { replicas = 1 cpu = 3 memory = 8Gi disk = 10Gi }\n"));
  ASSERT_TRUE(c->platform.has_value()) << c->errors();
  EXPECT_EQ(vm_request(*c->platform, {1001, 3, 5}).millicores, 501);  // cpu ratio 2.0
  EXPECT_EQ(vm_request(*c->platform, {1001, 3, 5}).memory, 3);        // memory ratio 1.0
  EXPECT_EQ(vm_request(*c->platform, {1001, 3, 5}).storage, 5);
  EXPECT_EQ(vm_vcpus({1001, 0, 0}), 2);
  EXPECT_EQ(vm_vcpus({500, 0, 0}), 1);
}

TEST(Capacity, AVmLargerThanAnyHostIsReportedAtItsGroup) {
  auto c = compile(
      platform("  host_pool \"a\" { count = 4 cpu = 16 memory = 64Gi storage = 1Ti }\n") +
      tenant("t", 100, "  workers \"huge\" { replicas = 1 cpu = 4 memory = 65Gi disk = 10Gi }\n"));
  EXPECT_EQ(codes(*c), "KM3001 ");
}

TEST(Capacity, TotalsOverCapacityNameTheResourceAndTheAmount) {
  auto c = compile(
      platform("  host_pool \"a\" { count = 2 cpu = 16 memory = 64Gi storage = 1Ti }\n") +
      tenant("t", 100, "  workers \"w\" { replicas = 3 cpu = 1 memory = 60Gi disk = 10Gi }\n"));
  ASSERT_EQ(codes(*c), "KM3002 ");
  // 3 x (60Gi + 408Mi and a byte of KubeVirt overhead + 35M of sidecar) + 1.6Gi of control plane.
  EXPECT_NE(c->errors().find("memory: 182.9Gi requested, 128Gi available (54.9Gi over)"),
            std::string::npos)
      << c->errors();
  EXPECT_NE(c->errors().find("largest consumers: t/w 181.3Gi"), std::string::npos) << c->errors();
}

TEST(Capacity, SpreadNeedsDistinctHosts) {
  // Totals fit (2 x 40Gi per host could hold 3 VMs of 20Gi twice over), but three 30Gi VMs
  // of one group cannot share: two hosts hold one each, the third goes where the other is.
  auto fits = compile(
      platform("  host_pool \"a\" { count = 3 cpu = 16 memory = 40Gi storage = 1Ti }\n") +
      tenant("t", 100, "  workers \"w\" { replicas = 3 cpu = 1 memory = 30Gi disk = 10Gi }\n"));
  EXPECT_FALSE(fits->diags.has_errors()) << fits->errors();
  // Two hosts of 64Gi, two groups of 2 x 40Gi: each group spreads, but 80Gi per host > 64Gi.
  auto fragmented =
      compile(platform("  host_pool \"a\" { count = 2 cpu = 16 memory = 64Gi storage = 1Ti }\n") +
              tenant("t", 100,
                     "  workers \"x\" { replicas = 2 cpu = 1 memory = 40Gi disk = 1Gi }\n"
                     "  workers \"y\" { replicas = 1 cpu = 1 memory = 40Gi disk = 1Gi }\n"));
  EXPECT_EQ(codes(*fragmented), "KM3003 ") << fragmented->errors();
}

TEST(Capacity, SpreadBalancesAGroupOverEveryHostLikeTheScheduler) {
  // Four 30Gi VMs on a 100Gi and a 40Gi host: first fit would put three on the big host, but
  // a topology spread with maxSkew 1 puts two on each, and two do not fit the small host.
  std::string pools =
      "  host_pool \"big\" { count = 1 cpu = 64 memory = 100Gi storage = 4Ti }\n"
      "  host_pool \"small\" { count = 1 cpu = 64 memory = 40Gi storage = 4Ti }\n";
  auto four = compile(
      platform(pools) +
      tenant("t", 100, "  workers \"w\" { replicas = 4 cpu = 1 memory = 30Gi disk = 1Gi }\n"));
  EXPECT_EQ(codes(*four), "KM3003 ") << four->errors();
  // Three fit: two on the big host, one on the small one.
  auto three = compile(
      platform(pools) +
      tenant("t", 100, "  workers \"w\" { replicas = 3 cpu = 1 memory = 30Gi disk = 1Gi }\n"));
  EXPECT_FALSE(three->diags.has_errors()) << three->errors();
}

TEST(Capacity, PlacementSkipsHostsShortOfCpuThoughTheyHaveMemory) {
  // The first pool's hosts have memory to spare but 2 cpu each: the 8-cpu VM (4 cpu at 2.0)
  // must go to the wide host, the control plane (1.5 cpu) still to the first lean one. (The
  // first-fit index prunes by cpu as well as memory: this holds the placement to what it was
  // when only memory was indexed and every candidate's cpu was checked one by one.)
  auto c = compile(
      platform("  host_pool \"lean\" { count = 2 cpu = 2 memory = 256Gi storage = 1Ti }\n"
               "  host_pool \"wide\" { count = 1 cpu = 32 memory = 64Gi storage = 1Ti }\n") +
      tenant("t", 100, "  workers \"w\" { replicas = 1 cpu = 8 memory = 8Gi disk = 10Gi }\n"));
  ASSERT_FALSE(c->diags.has_errors()) << c->errors();
  EXPECT_TRUE(c->capacity.placed);
  EXPECT_EQ(c->capacity.pools.at(0).requested.millicores, 1500);
  EXPECT_EQ(c->capacity.pools.at(1).requested.millicores, 4000 + 5);
}

TEST(Capacity, FailureToleranceLosesTheLargestHosts) {
  std::string pools =
      "  host_pool \"big\" { count = 1 cpu = 64 memory = 256Gi storage = 4Ti }\n"
      "  host_pool \"small\" { count = 2 cpu = 16 memory = 32Gi storage = 1Ti }\n";
  std::string t =
      tenant("t", 100, "  workers \"w\" { replicas = 2 cpu = 4 memory = 24Gi disk = 10Gi }\n");
  EXPECT_FALSE(compile(platform(pools, 1) + t)->diags.has_errors());
  // With the big host lost, two 28Gi... the control plane (1Gi) plus 2 x 24Gi still fit.
  std::string heavy =
      tenant("t", 100, "  workers \"w\" { replicas = 3 cpu = 4 memory = 24Gi disk = 10Gi }\n");
  auto c = compile(platform(pools, 1) + heavy);
  EXPECT_EQ(codes(*c), "KM3003 ") << c->errors();
  EXPECT_NE(c->errors().find("failure_tolerance = 1"), std::string::npos);
}

TEST(Capacity, FormatsQuantitiesExactlyWhenTheyAreRound) {
  EXPECT_EQ(format_cpu(4000), "4");
  EXPECT_EQ(format_cpu(500), "500m");
  EXPECT_EQ(format_cpu(2500), "2.5");
  EXPECT_EQ(format_bytes(16LL << 30), "16Gi");
  EXPECT_EQ(format_bytes(1536LL << 20), "1.5Gi");
  EXPECT_EQ(format_bytes(512), "512");
}

}  // namespace
}  // namespace kmetal::ir
