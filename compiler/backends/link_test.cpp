// Property: a content-addressed template's name changes exactly when its emitted content
// does. Random specs vary everything that could shape a worker template (sizes, image,
// version, overcommit, nameservers, names) and things that must not (VIPs, replicas); across
// all of them, equal content must mean an equal name and an equal name equal content.
#include "compiler/backends/link.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "compiler/backends/backends.h"
#include "compiler/ir/test_support.h"

namespace kmetal::backends {
namespace {

std::string pick(std::mt19937& rng, const std::vector<std::string>& options) {
  return options[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng)];
}

std::string random_spec(std::mt19937& rng) {
  std::string version = pick(rng, {"1.31.4", "1.32.1"});
  std::string spec =
      "platform \"dc1\" {\n  domain = \"dc1.example.net\" kubernetes = \"" + version +
      "\"\n  tenant_space = 10.64.0.0/10\n  nameservers = [" +
      pick(rng, {"203.0.113.53", "203.0.113.53, 203.0.113.54"}) +
      "]\n  cni { plugin = none }\n  overcommit { cpu = " + pick(rng, {"1.0", "2.0"}) +
      " }\n  host_pool \"a\" { count = 8 cpu = 64 memory = 512Gi storage = 8Ti }\n"
      "  provider_network \"phys\" { interface = \"eth1\" vlans = 100..200 }\n"
      "  vip_pool \"v\" { addresses = [192.0.2.0/24] }\n}\n";
  spec += "tenant \"" + pick(rng, {"acme", "globex"}) +
          "\" {\n  network { cidr = auto vlan = " + pick(rng, {"120", "121"}) +
          " }\n  control_plane { vip = " + pick(rng, {"192.0.2.10", "192.0.2.11"}) + " }\n" +
          "  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }\n";
  for (const char* group : {"a", "b"}) {
    spec += "  workers \"" + std::string(group) + "\" { replicas = " + pick(rng, {"1", "3"}) +
            " cpu = " + pick(rng, {"2", "4"}) + " memory = " + pick(rng, {"4Gi", "8Gi"}) +
            " disk = " + pick(rng, {"20Gi", "40Gi"}) +
            pick(rng, {"", " image = \"registry.example.net/os/node:v1\""}) + " }\n";
  }
  return spec + "}\n";
}

TEST(Link, ATemplateNameChangesExactlyWhenItsContentDoes) {
  std::mt19937 rng(20261125);
  std::map<std::string, std::string> name_of_content;
  std::map<std::string, std::string> content_of_name;
  std::size_t templates = 0;
  std::size_t repeats = 0;
  for (int round = 0; round < 80; ++round) {
    std::string spec = random_spec(rng);
    auto c = ir::testing::compile(spec);
    ASSERT_TRUE(c->platform.has_value()) << c->errors() << spec;
    ManifestSet set = lower_all(*c->platform, Options{});
    for (const Manifest& m : set.manifests) {
      if (!c->platform->object(m.id).content_addressed) continue;
      ++templates;
      std::string content = content_of(m.object);
      std::string name = m.object["metadata"]["name"].get<std::string>();
      auto [by_content, fresh_content] = name_of_content.emplace(content, name);
      EXPECT_EQ(by_content->second, name) << "equal content, different names";
      auto [by_name, fresh_name] = content_of_name.emplace(name, content);
      EXPECT_EQ(by_name->second, content) << "one name, different content: " << name;
      if (!fresh_content) ++repeats;
    }
    for (const Manifest& m : set.manifests) {
      if (m.object["kind"] != "MachineDeployment") continue;
      const auto& spec_ = m.object["spec"]["template"]["spec"];
      for (const auto* ref : {&spec_["infrastructureRef"], &spec_["bootstrap"]["configRef"]}) {
        EXPECT_TRUE(content_of_name.count((*ref)["name"].get<std::string>()) > 0) << (*ref)["name"];
      }
    }
  }
  // The property was exercised both ways: many distinct templates, and many seen again.
  EXPECT_GT(content_of_name.size(), 50u);
  EXPECT_GT(repeats, 50u);
  EXPECT_EQ(templates, 80u * 4u);
}

TEST(Link, TheHashCoversEverythingButTheName) {
  Object a = {{"kind", "KubevirtMachineTemplate"},
              {"metadata", {{"name", "x-1"}, {"labels", {{"k", "v"}}}}},
              {"spec", {{"cores", 2}}}};
  Object b = a;
  b["metadata"]["name"] = "x-2";
  EXPECT_EQ(content_of(a), content_of(b));
  b["metadata"]["labels"]["k"] = "w";
  EXPECT_NE(content_of(a), content_of(b));
}

}  // namespace
}  // namespace kmetal::backends
