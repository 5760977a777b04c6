#include "compiler/frontend/resolve.h"

#include <gtest/gtest.h>

#include "compiler/frontend/frontend.h"

namespace kmetal::frontend {
namespace {

const char* kPlatform = R"(
platform "dc1" {
  domain = "dc1.example.net"  kubernetes = "1.31.4"  tenant_space = 10.64.0.0/10
  host_pool "a" { count = 2 cpu = 32 memory = 256Gi storage = 4Ti }
  vip_pool "public" { addresses = [192.0.2.0/24] }
  provider_network "phys" { interface = "eth1" vlans = 100..200 }
}
)";

struct Result {
  SourceManager sources;
  DiagnosticEngine diags;
  std::optional<Spec> spec;
  std::string errors() const { return render_text(diags.sorted(), sources, {}); }
};

std::unique_ptr<Result> compile(const std::string& text) {
  auto r = std::make_unique<Result>();
  r->spec = run_text("t.kmetal", std::string(kPlatform) + text, r->sources, r->diags);
  return r;
}

const ast::Expr& value(const ast::Block& block, std::string_view name) {
  const ast::Attribute* a = block.attribute(name);
  EXPECT_NE(a, nullptr) << name;
  return a->value;
}

TEST(Resolve, MergesProfileBlockByBlockTenantWins) {
  auto r = compile(R"(
import "std/flavors"
profile "std" {
  control_plane { replicas = 3 cpu = 1 }
  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }
  workers "default" { replicas = 3 flavor = flavors.medium }
}
tenant "a" extends std {
  network { cidr = auto }
  control_plane { replicas = 5 }
  workers "gpu" { replicas = 1 cpu = 8 memory = 32Gi disk = 100Gi }
}
)");
  ASSERT_TRUE(r->spec) << r->errors();
  const ast::Block& t = r->spec->tenants.at(0);
  const ast::Block& cp = *t.children("control_plane").at(0);
  EXPECT_EQ(std::get<ast::NumberLit>(value(cp, "replicas").value).value.mantissa,
            5u);                                                                   // tenant wins
  EXPECT_EQ(std::get<ast::NumberLit>(value(cp, "cpu").value).value.mantissa, 1u);  // from profile
  EXPECT_EQ(t.children("workers").size(), 2u);
  EXPECT_EQ(t.merged_from.size(), 1u);
  // The profile's flavor reference points at std/flavors' "medium".
  std::vector<const ast::Block*> workers = t.children("workers");
  const ast::Block& def = **std::find_if(workers.begin(), workers.end(),
                                         [](const ast::Block* b) { return b->label == "default"; });
  auto target = std::get<ast::RefExpr>(value(def, "flavor").value).target;
  ASSERT_GE(target, 0);
  EXPECT_EQ(r->spec->flavors.at(static_cast<std::size_t>(target)).label, "medium");
}

TEST(Resolve, FillsSchemaDefaultsAndMarksThem) {
  auto r = compile(R"(
tenant "a" {
  network { cidr = auto }
  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }
  workers "w" { replicas = 1 cpu = 1 memory = 1Gi disk = 10Gi }
})");
  ASSERT_TRUE(r->spec) << r->errors();
  const ast::Block& net = *r->spec->tenants[0].children("network")[0];
  EXPECT_TRUE(net.attribute("prefix")->defaulted);
  EXPECT_EQ(std::get<ast::NumberLit>(value(net, "prefix").value).value.mantissa, 24u);
  EXPECT_FALSE(net.attribute("cidr")->defaulted);
  // control_plane is optional, so no defaults appear for a block that is absent.
  EXPECT_TRUE(r->spec->tenants[0].children("control_plane").empty());
  EXPECT_EQ(std::get<ast::StringLit>(value(r->spec->platform, "datastore").value).value, "default");
  EXPECT_EQ(
      std::get<ast::StringLit>(value(*r->spec->platform.children("vip_pool")[0], "advertise").value)
          .value,
      "l2");
}

TEST(Resolve, SubstitutesLetsAtTheUseSite) {
  auto r = compile(R"(
let pods = 10.244.0.0/16
let nets = [pods, 10.1.0.0/16]
let size = 16Gi
tenant "a" {
  network { cidr = auto provider = phys vlan = auto }
  cluster_network { pods = pods services = 10.200.0.0/16 }
  workers "w" { replicas = 1 cpu = 1 memory = size disk = 10Gi }
  control_plane { admin_ranges = nets pool = "public" }
})");
  ASSERT_TRUE(r->spec) << r->errors();
  const ast::Block& t = r->spec->tenants[0];
  const ast::Expr& pods = value(*t.children("cluster_network")[0], "pods");
  EXPECT_EQ(std::get<Cidr>(pods.value).to_string(), "10.244.0.0/16");
  EXPECT_EQ(r->sources.text(pods.span), "pods");  // errors about it point at the use
  EXPECT_EQ(std::get<ast::ListExpr>(value(*t.children("control_plane")[0], "admin_ranges").value)
                .items.size(),
            2u);
  EXPECT_EQ(std::get<ast::StringLit>(value(*t.children("network")[0], "provider").value).value,
            "phys");
}

TEST(Resolve, TenantsComeOutSortedByName) {
  std::string body = R"( {
  network { cidr = auto }
  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }
  workers "w" { replicas = 1 cpu = 1 memory = 1Gi disk = 10Gi }
})";
  auto r = compile("tenant \"zeta\"" + body + "tenant \"alpha\"" + body + "tenant \"mid\"" + body);
  ASSERT_TRUE(r->spec) << r->errors();
  std::vector<std::string> names;
  for (const auto& t : r->spec->tenants) names.push_back(*t.label);
  EXPECT_EQ(names, (std::vector<std::string>{"alpha", "mid", "zeta"}));
}

TEST(Resolve, ReportsEveryErrorOfThePhase) {
  auto r = compile(R"(
tenant "a" {
  network { cidr = auto vlan = 5000 provider = nope }
  cluster_network { pods = 10.244.0.0/16 services = "x" }
  workers "w" { replicas = -1 cpu = 1 memory = 1Gi disk = 10Gi colour = 1 }
})");
  EXPECT_FALSE(r->spec);
  EXPECT_EQ(r->diags.error_count(), 5u) << r->errors();
}

}  // namespace
}  // namespace kmetal::frontend
