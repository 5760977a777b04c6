#include "compiler/ir/check_names.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "compiler/base/text.h"

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

  // The reserved names that apply to each kind, and a small number per scope, looked up once.
  std::vector<std::vector<const Reserved*>> reserved_for(all_kinds().size());
  std::vector<std::size_t> scope_of(all_kinds().size());
  std::vector<std::string_view> scopes;
  for (const KindInfo& k : all_kinds()) {
    auto i = static_cast<std::size_t>(k.kind);
    for (const Reserved& r : kReserved) {
      if (r.scope == k.scope) reserved_for[i].push_back(&r);
    }
    auto known = std::find(scopes.begin(), scopes.end(), k.scope);
    scope_of[i] = static_cast<std::size_t>(known - scopes.begin());
    if (known == scopes.end()) scopes.push_back(k.scope);
  }

  for (const ObjectName& o : platform.objects) {
    const KindInfo& kind = kind_info(o.kind);
    // The reserved names are the under cluster's; inside a tenant cluster kmetal names alone.
    static const std::vector<const Reserved*> kNone;
    for (const Reserved* r :
         o.cluster.empty() ? reserved_for[static_cast<std::size_t>(o.kind)] : kNone) {
      bool hit = r->prefix ? o.name.rfind(r->name, 0) == 0 : o.name == r->name;
      if (!hit || !first_report(o)) continue;
      diags.report(DiagKind::reserved_name, o.span, o.owner, describe(o, o.name), r->why);
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

  // Uniqueness per (cluster, scope, namespace): sort once and compare neighbours. The sort is
  // by a hash of the key first (most comparisons end there), then the key, then table position
  // (so the first declaration is the one noted): equal keys still end up side by side. The hash
  // is FNV-1a, the same everywhere, since the order decides which of several collisions of one
  // declaration is reported.
  std::vector<std::uint32_t> order(platform.objects.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](std::uint32_t i) {
    const ObjectName& o = platform.objects[i];
    return std::make_tuple(std::string_view(o.cluster), scope_of[static_cast<std::size_t>(o.kind)],
                           std::string_view(o.ns), std::string_view(o.name));
  };
  std::vector<std::uint64_t> hash(order.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    auto [cluster, scope, ns, name] = key(i);
    // Equal keys hash alike; unequal ones that collide are told apart by the key itself.
    hash[i] = fnv1a(name, fnv1a(ns, (fnv1a(cluster) ^ scope) * 1099511628211ULL));
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (hash[a] != hash[b]) return hash[a] < hash[b];
    auto ka = key(a);
    auto kb = key(b);
    return ka != kb ? ka < kb : a < b;
  });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (key(order[i - 1]) != key(order[i])) continue;
    const ObjectName& a = platform.objects[order[i - 1]];
    const ObjectName& b = platform.objects[order[i]];
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
