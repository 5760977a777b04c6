#include "compiler/ir/check_names.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace kmetal::ir {
namespace {

// Names the under cluster's components create or reserve for themselves.
struct Reserved {
  std::string_view scope;  // KindInfo::scope
  std::string_view name;
  bool prefix;
  std::string_view why;
};

// clang-format off
constexpr Reserved kReserved[] = {
    // Namespaces of the under cluster and of the components kmetal configures.
    {"Namespace", "cert-manager", false, "the platform already uses"},
    {"Namespace", "capi-system", false, "the platform already uses"},
    {"Namespace", "capk-system", false, "the platform already uses"},
    {"Namespace", "cdi", false, "the platform already uses"},
    {"Namespace", "default", false, "the platform already uses"},
    {"Namespace", "flux-system", false, "the platform already uses"},
    {"Namespace", "kamaji-system", false, "the platform already uses"},
    {"Namespace", "kube-node-lease", false, "the platform already uses"},
    {"Namespace", "kube-ovn", false, "the platform already uses"},
    {"Namespace", "kube-public", false, "the platform already uses"},
    {"Namespace", "kube-system", false, "the platform already uses"},
    {"Namespace", "kubevirt", false, "the platform already uses"},
    {"Namespace", "metallb-system", false, "the platform already uses"},
    {"Namespace", "platform", false, "the platform already uses"},
    {"Namespace", "kube-", true, "belongs to Kubernetes (names starting with `kube-`)"},
    {"Namespace", "kmetal-", true, "is reserved: names starting with `kmetal-` are kmetal's own objects"},
    // Kube-OVN's own networks (pkg/controller/config.go, pkg/util/const.go).
    {"kubeovn.io Vpc/Subnet", "ovn-cluster", false, "Kube-OVN creates itself (its default VPC)"},
    {"kubeovn.io Vpc/Subnet", "ovn-default", false, "Kube-OVN creates itself (its default subnet)"},
    {"kubeovn.io Vpc/Subnet", "join", false, "Kube-OVN creates itself (its node join subnet)"},
    {"kubeovn.io Vpc/Subnet", "ovn-vpc-external-network", false,
     "Kube-OVN's NAT gateways use as their default external network"},
    {"kubeovn.io Vpc/Subnet", "external", false, "Kube-OVN uses for its external gateway switch"},
    {"kubeovn.io Vpc/Subnet", "ovn-external", false, "Kube-OVN uses for its external gateway switch"},
    {"kubeovn.io Vpc/Subnet", "ts", false, "Kube-OVN uses for its interconnection switch"},
    {"ProviderNetwork", "provider", false, "Kube-OVN creates itself in VLAN mode"},
    {"Vlan", "ovn-vlan", false, "Kube-OVN creates itself in VLAN mode"},
    {"Kustomization", "flux-system", false, "Flux's own bootstrap Kustomization has"},
};
// clang-format on

std::string describe(const ObjectName& o, const std::string& name) {
  return std::string(kind_info(o.kind).name) + " `" + (o.ns.empty() ? "" : o.ns + "/") + name + "`";
}

}  // namespace

void check_names(const Platform& platform, DiagnosticEngine& diags) {
  // One report per declaration: a reserved or overlong name usually clashes elsewhere too.
  std::set<std::pair<std::uint32_t, std::uint32_t>> reported;
  auto first_report = [&](const ObjectName& o) {
    return reported.insert({o.span.file.value, o.span.begin}).second;
  };
  auto group_note = [&](Diagnostic& d, const ObjectName& o) {
    if (o.kind != Kind::Namespace && o.owner.rfind("workers ", 0) == 0) {
      for (const Tenant& t : platform.tenants) {
        if (t.name == o.tenant) d.note(t.span, "the tenant name is part of it");
      }
    }
  };

  for (const ObjectName& o : platform.objects) {
    const KindInfo& kind = kind_info(o.kind);
    for (const Reserved& r : kReserved) {
      bool hit = r.prefix ? o.name.rfind(r.name, 0) == 0 : o.name == r.name;
      if (r.scope != kind.scope || !hit || !first_report(o)) continue;
      diags.report(DiagKind::reserved_name, o.span, o.owner, describe(o, o.name), r.why);
    }
    std::size_t length = o.name.size() + (o.content_addressed ? 1 + kContentHashLength : 0);
    if (length > kind.max_length && first_report(o)) {
      std::string shown = o.name + (o.content_addressed ? "-<hash>" : "");
      Diagnostic& d =
          diags.report(DiagKind::derived_name_too_long, o.span,
                       o.owner + " would name the " + describe(o, shown) + ", " +
                           std::to_string(length) + " characters; the limit is " +
                           std::to_string(kind.max_length) + ": " + std::string(kind.why));
      group_note(d, o);
    }
  }

  // Uniqueness per (scope, namespace): sort once and compare neighbours.
  std::vector<const ObjectName*> sorted;
  sorted.reserve(platform.objects.size());
  for (const ObjectName& o : platform.objects) sorted.push_back(&o);
  auto key = [](const ObjectName* o) {
    return std::make_tuple(kind_info(o->kind).scope, std::string_view(o->ns),
                           std::string_view(o->name));
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const ObjectName* a, const ObjectName* b) { return key(a) < key(b); });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const ObjectName& a = *sorted[i - 1];
    const ObjectName& b = *sorted[i];
    if (key(&a) != key(&b)) continue;
    if (reported.count({a.span.file.value, a.span.begin}) > 0 || !first_report(b)) continue;
    diags
        .report(DiagKind::name_collision, b.span, b.owner, describe(b, b.name),
                a.owner + "'s " + std::string(kind_info(a.kind).name))
        .note(a.span, a.owner + " declared here");
  }

  for (const Tenant& t : platform.tenants) {
    std::string host = t.name + "." + platform.domain;
    if (host.size() > 253) {
      diags.report(DiagKind::derived_name_too_long, t.span,
                   "the API endpoint name `" + host + "` is longer than 253 characters");
    }
  }
}

}  // namespace kmetal::ir
