// Tenants lower independently: the shared objects alone and each tenant alone give, together,
// exactly the objects of lowering everything, byte for byte, and every object lowered for a
// tenant alone lies in one of its two folders. The incremental publish rests on this: it lowers
// only the tenants whose fingerprint changed and keeps the others' folders as the branch holds
// them.
#include "compiler/backends/backends.h"

#include <gtest/gtest.h>

#include <map>

#include "compiler/ir/test_support.h"

namespace kmetal::backends {
namespace {

std::map<std::string, std::string> by_path(const ManifestSet& set) {
  std::map<std::string, std::string> out;
  for (const Manifest& m : set.manifests) {
    std::string key = m.path + " " + m.object["kind"].get<std::string>() + " " +
                      m.object["metadata"]["name"].get<std::string>();
    EXPECT_TRUE(out.emplace(key, m.object.dump()).second) << "lowered twice: " << key;
  }
  return out;
}

void expect_partition(const std::string& example) {
  auto c = ir::testing::compile("", "", std::string(KMETAL_EXAMPLES) + "/" + example);
  ASSERT_TRUE(c->platform) << c->errors();
  const ir::Platform& p = *c->platform;
  ASSERT_GE(p.tenants.size(), 2U);
  auto whole = by_path(lower_all(p, Options{}));

  Options shared_only;
  shared_only.tenants.assign(p.tenants.size(), false);
  auto parts = by_path(lower_all(p, shared_only));
  for (const auto& [key, object] : parts) {
    bool in_tenant_folder =
        key.rfind("tenants/", 0) == 0 || key.rfind("platform/" + p.name + "/tenants/", 0) == 0;
    EXPECT_FALSE(in_tenant_folder) << "a shared object in a tenant's folder: " << key;
  }
  for (std::size_t i = 0; i < p.tenants.size(); ++i) {
    Options one;
    one.shared = false;
    one.tenants.assign(p.tenants.size(), false);
    one.tenants[i] = true;
    const std::string& name = p.tenants[i].name;
    for (const auto& [key, object] : by_path(lower_all(p, one))) {
      bool own = key.rfind(ir::tenant_folder(name) + "/", 0) == 0 ||
                 key.rfind(ir::tenant_platform_folder(p.name, name) + "/", 0) == 0;
      EXPECT_TRUE(own) << "tenant " << name << " lowered an object outside its folders: " << key;
      EXPECT_TRUE(parts.emplace(key, object).second) << "lowered by two parts: " << key;
    }
  }
  EXPECT_EQ(parts, whole);
}

TEST(Backends, TenantsLowerIndependentlyOfEachOther) {
  expect_partition("dc1");
  expect_partition("dc2");
}

}  // namespace
}  // namespace kmetal::backends
