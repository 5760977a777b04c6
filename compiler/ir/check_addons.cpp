#include "compiler/ir/check_addons.h"

#include <set>

#include "compiler/ir/report.h"

namespace kmetal::ir {

void check_addons(const Platform& p, DiagnosticEngine& diags) {
  std::vector<const Tenant*> without;
  std::set<std::pair<std::uint32_t, std::uint32_t>> reported;  // a block shared by many tenants
  for (const Tenant& t : p.tenants) {
    const Cni& c = t.cni;
    if (!c.declared) {
      without.push_back(&t);
      continue;
    }
    if (c.plugin == CniPlugin::None || !reported.insert({c.span.file.value, c.span.begin}).second) {
      continue;
    }
    if (c.version.empty()) {
      diags.report(DiagKind::cni_incomplete, c.span, "the CNI has no `version`")
          .help("pin the chart's version, e.g. `version = \"1.16.3\"`");
    }
    if (!c.source.valid()) {
      Diagnostic& d = diags.report(DiagKind::cni_incomplete, c.span,
                                   "the CNI has no chart source to come from");
      if (p.chart_sources.empty()) {
        d.help(
            "declare one in the platform, e.g. `chart_source \"cilium\" { url = "
            "\"https://helm.cilium.io\" }`");
      } else {
        d.help("name one with `source = NAME`");
      }
    }
  }
  if (!without.empty()) {
    report_tenants_without(diags, DiagKind::no_cni, p, without)
        .help(
            "declare `cni { plugin = cilium version = \"1.16.3\" }` in the platform (every "
            "tenant's default) or in a tenant; `plugin = none` if the worker image or another "
            "tool brings one");
  }
}

}  // namespace kmetal::ir
