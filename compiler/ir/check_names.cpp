#include "compiler/ir/check_names.h"

#include <algorithm>
#include <array>

namespace kmetal::ir {
namespace {

// Namespaces of the under cluster and the components kmetal configures.
constexpr std::array<std::string_view, 14> kReserved{
    "cert-manager", "capi-system",   "capk-system",     "cdi",      "default",
    "flux-system",  "kamaji-system", "kube-node-lease", "kube-ovn", "kube-public",
    "kube-system",  "kubevirt",      "metallb-system",  "platform"};

}  // namespace

void check_names(const Platform& platform, DiagnosticEngine& diags) {
  for (const Egress& e : platform.egresses) {
    std::size_t length = std::string_view("kmetal-egress-").size() + e.name.size();
    if (length > 63) {
      diags.report(DiagKind::derived_name_too_long, e.span,
                   "the egress attachment `kmetal-egress-" + e.name + "` would be " +
                       std::to_string(length) + " characters; the limit is 63");
    }
  }
  for (const Tenant& t : platform.tenants) {
    if (std::find(kReserved.begin(), kReserved.end(), t.name) != kReserved.end()) {
      diags.report(DiagKind::reserved_name, t.span, t.name,
                   "the platform already uses a namespace of that name");
    } else if (t.name.rfind("kube-", 0) == 0) {
      diags.report(DiagKind::reserved_name, t.span, t.name,
                   "names starting with `kube-` belong to Kubernetes");
    }
    std::string host = t.name + "." + platform.domain;
    if (host.size() > 253) {
      diags.report(DiagKind::derived_name_too_long, t.span,
                   "the API endpoint name `" + host + "` is longer than 253 characters");
    }
    // Kube-OVN runs an overlay tenant's NAT gateway as StatefulSet `vpc-nat-gw-<tenant>`; its
    // pods carry a controller-revision-hash label `<statefulset>-<10 characters>`.
    std::size_t gateway = std::string_view("vpc-nat-gw-").size() + t.name.size() + 11;
    if (!t.network.vlan && gateway > 63) {
      diags.report(DiagKind::derived_name_too_long, t.span,
                   "the NAT gateway of overlay tenant \"" + t.name + "\" would get a " +
                       std::to_string(gateway) +
                       "-character label (vpc-nat-gw-<tenant>-<hash>); "
                       "the limit is 63, so overlay tenant names may have at most 41 characters");
    }
    for (const WorkerGroup& g : t.workers) {
      std::size_t length = t.name.size() + 1 + g.name.size() + 1 + kTemplateHashLength;
      if (length > 63) {
        diags
            .report(DiagKind::derived_name_too_long, g.span,
                    "the machine template name `" + t.name + "-" + g.name + "-<hash>` would be " +
                        std::to_string(length) + " characters; the limit is 63")
            .note(t.span, "the tenant name is part of it");
      }
    }
  }
}

}  // namespace kmetal::ir
