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
        d.help("name one with `source = NAME`; by default it is the one named like the plugin");
      }
    }
  }
  // An add-on image's tag that moves (reported once per declaration a profile may share).
  auto pinned = [&](std::string_view image, SourceSpan at, const char* what) {
    if (!reported.insert({at.file.value, at.begin}).second) return;
    std::size_t slash = image.rfind('/');
    std::size_t colon = image.rfind(':');
    if (image.find('@') != std::string_view::npos || colon == std::string_view::npos ||
        (slash != std::string_view::npos && colon < slash)) {
      return;
    }
    std::string_view tag = image.substr(colon + 1);
    if (tag == "latest" || tag == "main" || tag == "master") {
      diags.report(DiagKind::moving_image_tag, at, what, image, tag);
    }
  };
  for (const Tenant& t : p.tenants) {
    if (t.storage.size > 0 && !t.csi.declared) {
      diags.report(DiagKind::volumes_without_csi, t.storage.span, t.name)
          .note(t.span, "\"" + t.name + "\" declared here");
    }
    if (t.csi.declared && t.storage.size == 0) {
      diags.report(DiagKind::csi_without_storage, t.csi.span, t.name)
          .note(t.span, "\"" + t.name + "\" declared here");
    }
    if (t.csi.declared) pinned(t.csi.image, t.csi.image_span, "the CSI driver's image");
    if (t.cloud_provider.declared) {
      pinned(t.cloud_provider.image, t.cloud_provider.image_span, "the cloud provider's image");
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
