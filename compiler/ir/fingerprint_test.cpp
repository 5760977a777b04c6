// Tenant fingerprints move exactly with what shapes the tenant: its own declaration, the
// platform, the compiler; not with layout, comments, or another tenant's declaration. (That
// a moved input never leaves a tenant's files stale is tests/gitops/incremental_test.py.)
#include "compiler/ir/fingerprint.h"

#include <gtest/gtest.h>

#include "compiler/ir/test_support.h"

namespace kmetal::ir {
namespace {

std::string platform(const std::string& nameservers) {
  return "platform \"dc1\" {\n  domain = \"dc1.example.net\" kubernetes = \"1.31.4\"\n"
         "  tenant_space = 10.64.0.0/10\n  nameservers = [" +
         nameservers +
         "]\n  cni { plugin = none }\n"
         "  host_pool \"a\" { count = 8 cpu = 64 memory = 512Gi storage = 8Ti }\n"
         "  provider_network \"phys\" { interface = \"eth1\" vlans = 100..200 }\n"
         "  vip_pool \"v\" { addresses = [192.0.2.0/24] }\n}\n";
}

std::string tenant(const std::string& name, const std::string& vlan, const std::string& vip,
                   const std::string& replicas) {
  return "tenant \"" + name + "\" {\n  network { cidr = auto vlan = " + vlan +
         " }\n  control_plane { vip = " + vip +
         " }\n  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }\n"
         "  workers \"a\" { replicas = " +
         replicas + " cpu = 2 memory = 4Gi disk = 20Gi }\n}\n";
}

std::map<std::string, std::string> fingerprints(const std::string& text,
                                                const std::string& lock = "",
                                                const std::string& salt = "kmetal test") {
  auto c = testing::compile(text, lock);
  EXPECT_TRUE(c->platform && !c->diags.has_errors()) << c->errors();
  std::map<std::string, std::string> out;
  if (!c->platform) return out;
  auto list = tenant_fingerprints(*c->platform, salt);
  for (std::size_t i = 0; i < list.size(); ++i) out[c->platform->tenants[i].name] = list[i];
  return out;
}

const std::string kBase = platform("203.0.113.53") + tenant("acme", "120", "192.0.2.10", "1") +
                          tenant("globex", "121", "192.0.2.11", "1");

TEST(Fingerprint, LayoutAndCommentsDoNotMoveIt) {
  std::string spaced = "# a comment\n" + platform("203.0.113.53") +
                       tenant("globex", "121", "192.0.2.11", "1") + "\n\n# more\n" +
                       tenant("acme", "120", "192.0.2.10", "1");
  EXPECT_EQ(fingerprints(kBase), fingerprints(spaced));
}

TEST(Fingerprint, ATenantsOwnChangeMovesItsAlone) {
  auto before = fingerprints(kBase);
  auto after = fingerprints(platform("203.0.113.53") + tenant("acme", "120", "192.0.2.10", "3") +
                            tenant("globex", "121", "192.0.2.11", "1"));
  EXPECT_NE(before["acme"], after["acme"]);
  EXPECT_EQ(before["globex"], after["globex"]);
}

TEST(Fingerprint, AnotherTenantAddedBeforeItMovesNothing) {
  auto first = testing::compile(kBase);
  ASSERT_TRUE(first->platform) << first->errors();
  std::string lock = render_lock(*first->platform, {});
  auto before = fingerprints(kBase, lock);
  // "aaa" sorts first: every index of the object table and the layers moves.
  auto after = fingerprints(kBase + tenant("aaa", "122", "192.0.2.12", "1"), lock);
  EXPECT_EQ(after.size(), 3U);
  EXPECT_EQ(before["acme"], after["acme"]);
  EXPECT_EQ(before["globex"], after["globex"]);
}

TEST(Fingerprint, ThePlatformAndTheCompilerMoveEveryTenant) {
  auto before = fingerprints(kBase);
  auto platform_changed =
      fingerprints(platform("203.0.113.54") + tenant("acme", "120", "192.0.2.10", "1") +
                   tenant("globex", "121", "192.0.2.11", "1"));
  auto compiler_changed = fingerprints(kBase, "", "kmetal other");
  for (const char* t : {"acme", "globex"}) {
    EXPECT_NE(before[t], platform_changed[t]) << t;
    EXPECT_NE(before[t], compiler_changed[t]) << t;
  }
}

}  // namespace
}  // namespace kmetal::ir
