#include "compiler/ir/check_versions.h"

#include <set>
#include <tuple>

namespace kmetal::ir {
namespace {

std::string minor(const Version& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}

}  // namespace

void check_versions(const Platform& p, const Lock* previous, DiagnosticEngine& diags) {
  const SupportedVersions& s = kSupportedVersions;
  std::string range = std::to_string(s.major) + "." + std::to_string(s.oldest_minor) + " to " +
                      std::to_string(s.major) + "." + std::to_string(s.newest_minor);
  // The same written version reaches many tenants; report each place once.
  std::set<std::tuple<std::uint32_t, std::uint32_t>> reported;
  auto supported = [&](const Located<Version>& v) {
    const Version& x = v.value;
    if (x.major == s.major && x.minor >= s.oldest_minor && x.minor <= s.newest_minor) return true;
    if (reported.insert({v.span.file.value, v.span.begin}).second) {
      diags.report(DiagKind::unsupported_version, v.span, x.to_string(), range);
    }
    return false;
  };
  supported(p.kubernetes);
  for (const Tenant& t : p.tenants) {
    const Located<Version>& cp = t.control_plane.version;
    if (!supported(cp)) continue;
    for (const WorkerGroup& g : t.workers) {
      const Version& w = g.version.value;
      if (!supported(g.version)) continue;
      std::string problem;
      if (cp.value < w) {
        problem = "would run a kubelet newer than its API server";
      } else if (w.major == cp.value.major && cp.value.minor - w.minor > 3) {
        problem = "would be more than three minor versions older than its API server";
      }
      if (problem.empty()) continue;
      diags
          .report(DiagKind::version_skew, g.version.span,
                  "workers \"" + g.name + "\" of tenant \"" + t.name + "\" at " + w.to_string() +
                      " " + problem + " (" + cp.value.to_string() + ")")
          .note(cp.span, "the control plane's version");
    }
    if (previous == nullptr) continue;
    auto it = previous->tenants.find(t.name);
    if (it == previous->tenants.end() || !it->second.kubernetes) continue;
    const Version& old = *it->second.kubernetes;
    std::string why;
    if (cp.value.major != old.major || cp.value.minor < old.minor) {
      why = "a control plane never moves down a minor version";
    } else if (cp.value.minor > old.minor + 1) {
      why = "upgrade one minor version at a time: first to " + std::to_string(old.major) + "." +
            std::to_string(old.minor + 1);
    }
    if (!why.empty()) {
      diags
          .report(DiagKind::version_step, cp.span, t.name, old.to_string(), cp.value.to_string(),
                  why)
          .help("the previous version (" + minor(old) + ") comes from the lock file");
    }
  }
}

}  // namespace kmetal::ir
