#include "compiler/ir/check_placement.h"

#include "compiler/base/text.h"

namespace kmetal::ir {

int device_of(const Platform& p, const WorkerGroup& g) {
  if (!g.gpu || !g.pool.valid()) return -1;
  const HostPool& pool = p.host_pool(g.pool);
  for (std::size_t i = 0; i < pool.devices.size(); ++i) {
    if (pool.devices[i].name == g.gpu->value) return static_cast<int>(i);
  }
  return -1;
}

void check_placement(const Platform& p, DiagnosticEngine& diags) {
  std::vector<std::string> tenant_names;
  tenant_names.reserve(p.tenants.size());
  for (const Tenant& t : p.tenants) tenant_names.push_back(t.name);
  for (const HostPool& pool : p.host_pools) {
    if (!pool.dedicated || pool.dedicated_tenant.valid()) continue;
    Diagnostic& d = diags.report(DiagKind::unknown_dedicated_tenant, pool.dedicated->span,
                                 pool.name, pool.dedicated->value);
    if (auto match = closest_match(pool.dedicated->value, tenant_names)) {
      d.help("did you mean `" + *match + "`?");
    }
  }
  for (const Tenant& t : p.tenants) {
    for (const WorkerGroup& g : t.workers) {
      std::string who = "workers \"" + g.name + "\" of tenant \"" + t.name + "\"";
      if (g.pool.valid()) {
        const HostPool& pool = p.host_pool(g.pool);
        if (pool.dedicated && pool.dedicated->value != t.name) {
          diags
              .report(DiagKind::pool_dedicated_elsewhere, g.pool_span, who, pool.name,
                      pool.dedicated->value)
              .note(pool.dedicated->span, "dedicated here");
        }
      }
      if (!g.gpu) {
        if (g.gpus_span.valid()) {
          diags.report(DiagKind::device_not_offered, g.gpus_span,
                       who + " sets `gpus` without `gpu`, the device to take");
        }
        continue;
      }
      if (!g.pool.valid()) {
        diags
            .report(DiagKind::device_not_offered, g.gpu->span,
                    who + " asks for device \"" + g.gpu->value + "\" but names no `pool`")
            .help("devices belong to a host pool: pin the group with `pool = NAME`");
      } else if (device_of(p, g) < 0) {
        const HostPool& pool = p.host_pool(g.pool);
        std::vector<std::string> offered;
        offered.reserve(pool.devices.size());
        for (const Device& d : pool.devices) offered.push_back(d.name);
        Diagnostic& d =
            diags.report(DiagKind::device_not_offered, g.gpu->span,
                         who + " asks for device \"" + g.gpu->value + "\", which host pool \"" +
                             pool.name + "\" does not offer");
        d.note(pool.span, "host pool declared here");
        if (auto match = closest_match(g.gpu->value, offered)) {
          d.help("did you mean `" + *match + "`?");
        }
      }
    }
  }
}

}  // namespace kmetal::ir
