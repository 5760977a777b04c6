#include "compiler/ir/check_names.h"

#include <gtest/gtest.h>

#include <set>

#include "compiler/ir/test_support.h"

namespace kmetal::ir {
namespace {

using testing::compile;

const char* kSpec = R"(
platform "dc1" {
  domain = "dc1.example.net"  kubernetes = "1.31.4"  tenant_space = 10.64.0.0/10
  nameservers = [203.0.113.53]
  cni { plugin = none }
  host_pool "a" { count = 8 cpu = 64 memory = 512Gi storage = 8Ti }
  provider_network "phys" { interface = "eth1" vlans = 100..200 }
  vip_pool "v" { addresses = [192.0.2.0/24] }
  egress "out" { interface = "eth2" cidr = 198.51.100.0/24 gateway = 198.51.100.1 addresses = [198.51.100.10-198.51.100.200] }
}
profile "p" {
  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }
  workers "w" { replicas = 1 cpu = 1 memory = 2Gi disk = 10Gi }
}
tenant "acme" extends p { network { cidr = auto } }
tenant "acme-network" extends p { network { cidr = auto } }
tenant "acme-egress" extends p { network { cidr = auto vlan = auto } }
tenant "network-acme" extends p { network { cidr = auto } }
)";

// Names built as <platform>-<layer>-<tenant>: no tenant name turns one layer's name into
// another's, so tenants named after another tenant plus a layer name coexist.
TEST(CheckNames, LayerNamesOfSimilarTenantsStayApart) {
  auto c = compile(kSpec);
  ASSERT_FALSE(c->diags.has_errors()) << c->errors();
  std::set<std::tuple<Kind, std::string, std::string>> seen;
  std::set<std::string> paths;
  for (const ObjectName& o : c->platform->objects) {
    EXPECT_TRUE(seen.insert({o.kind, o.ns, o.name}).second) << o.name;
    if (!o.content_addressed && o.file.empty()) {
      EXPECT_TRUE(paths.insert(object_path(o)).second) << object_path(o);
    }
  }
}

// The table check itself: two rows naming one object in one scope are a located KM2005 at
// the second, with a note at the first, whatever produced them.
TEST(CheckNames, TwoRowsNamingOneObjectAreReportedWithBothDeclarations) {
  auto c = compile(kSpec);
  ASSERT_TRUE(c->platform.has_value()) << c->errors();
  Platform p = *c->platform;
  const Tenant& acme = p.tenants.at(0);
  ObjectName twin = p.object(acme.objects.subnet);  // a second Subnet `acme`...
  twin.owner = "egress \"out\"";
  twin.span = p.egresses.at(0).span;  // ...declared by the egress
  p.objects.push_back(twin);
  // Vpc and Subnet share one scope in Kube-OVN: a Vpc named like a Subnet collides too.
  ObjectName vpc = p.object(acme.objects.vpc);
  vpc.name = "acme-network";
  vpc.owner = "provider network \"phys\"";
  vpc.span = p.provider_networks.at(0).span;
  p.objects.push_back(vpc);
  DiagnosticEngine diags;
  check_names(p, diags);
  std::string text = render_text(diags.sorted(), c->sources, {});
  EXPECT_EQ(diags.error_count(), 2u) << text;
  EXPECT_NE(text.find("error[KM2005]: egress \"out\" would name the Subnet `acme`, which is "
                      "already tenant \"acme\"'s Subnet"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("note: tenant \"acme\" declared here"), std::string::npos) << text;
  EXPECT_NE(text.find("error[KM2005]: provider network \"phys\" would name the Vpc "
                      "`acme-network`, which is already tenant \"acme-network\"'s Subnet"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace kmetal::ir
