// libFuzzer target: arbitrary bytes as the kmetal.lock that `build` finds beside its output or
// `publish` reads from the branch (both can be edited or corrupted by hand), compiled with a
// small fixed spec whose every allocation is `auto`, through driver::compile up to the IR
// passes: the lock's parser and every allocation that honours or rejects what it holds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/driver/pipeline.h"

namespace {

// Two tenants, one overlay and one on a VLAN: a cidr, a vlan, a VIP and an egress IP each
// come from the lock when it holds a usable one.
constexpr const char* kSpec =
    "platform \"p\" {\n"
    "  domain = \"p.example.net\" kubernetes = \"1.32.3\" tenant_space = 10.80.0.0/12\n"
    "  nameservers = [203.0.113.53]\n"
    "  cni { plugin = none }\n"
    "  host_pool \"a\" { count = 4 cpu = 64 memory = 512Gi storage = 8Ti }\n"
    "  provider_network \"phys\" { interface = \"bond1\" vlans = 200..210 }\n"
    "  vip_pool \"public\" { addresses = [192.0.2.0/28] advertise = l2 }\n"
    "  egress \"uplink\" { interface = \"bond2\" cidr = 198.51.100.0/24 gateway = 198.51.100.1 "
    "addresses = [198.51.100.16-198.51.100.20] }\n"
    "}\n"
    "tenant \"ci\" {\n"
    "  network { cidr = auto prefix = 22 }\n"
    "  control_plane { replicas = 1 pool = public }\n"
    "  cluster_network { pods = 10.244.0.0/16 services = 10.96.0.0/16 }\n"
    "  workers \"w\" { replicas = 1 cpu = 2 memory = 4Gi disk = 20Gi }\n"
    "}\n"
    "tenant \"payments\" {\n"
    "  network { cidr = auto prefix = 23 vlan = auto }\n"
    "  control_plane { replicas = 1 pool = public }\n"
    "  cluster_network { pods = 10.244.0.0/16 services = 10.96.0.0/16 }\n"
    "  workers \"w\" { replicas = 1 cpu = 2 memory = 4Gi disk = 20Gi }\n"
    "}\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kmetal::SourceManager sources;
  kmetal::DiagnosticEngine diags;
  kmetal::driver::CompileOptions options;
  options.in.input = "spec.kmetal";
  options.in.text = kSpec;
  options.in.lock_display = "kmetal.lock";
  options.in.lock_text = std::string(reinterpret_cast<const char*>(data), size);
  (void)kmetal::driver::compile(options, sources, diags);
  (void)kmetal::render_text(diags.sorted(), sources, {});
  return 0;
}
