#include "compiler/driver/pipeline.h"

#include <fstream>
#include <sstream>

#include "compiler/backends/backends.h"
#include "compiler/frontend/frontend.h"
#include "compiler/frontend/source_guard.h"
#include "compiler/ir/fingerprint.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/lower.h"
#include "compiler/ir/passes.h"

namespace kmetal::driver {
namespace {

// Reads and parses the previous lock; nullopt (with a diagnostic) when it is unusable.
std::optional<ir::Lock> read_lock(const std::string& path, SourceManager& sources,
                                  DiagnosticEngine& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.report(DiagKind::cannot_read, SourceSpan{}, path, "no such file or not readable").path =
        path;
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto file = frontend::admit_source(path, bytes.str(), sources, diags);
  if (!file) return std::nullopt;
  return ir::parse_lock(*file, sources, diags);
}

// What a tenant's files depend on besides the IR: the compiler that writes them, and the
// backends' options.
std::string fingerprint_salt(const backends::Options& options) {
  return std::string("kmetal ") + KMETAL_VERSION + "\n" + options.source_name + "\n" +
         options.interval;
}

}  // namespace

std::string render_lock(const ir::Platform& platform) {
  return ir::render_lock(platform,
                         ir::tenant_fingerprints(platform, fingerprint_salt(backends::Options{})));
}

Compilation compile(const CompileOptions& options, SourceManager& sources,
                    DiagnosticEngine& diags) {
  Compilation result;
  // Load: the lock first (it constrains allocation), then the spec.
  std::optional<ir::Lock> lock;
  if (!options.lock_path.empty()) {
    lock = read_lock(options.lock_path, sources, diags);
    if (!lock) return result;
  } else if (!options.lock_display.empty()) {
    auto file = frontend::admit_source(options.lock_display, options.lock_text, sources, diags);
    if (file) lock = ir::parse_lock(*file, sources, diags);
    if (!lock) return result;
  }
  auto spec = options.text ? frontend::run_text(options.input, *options.text, sources, diags)
                           : frontend::run(options.input, sources, diags);
  if (!spec || options.stop_after == Phase::Load) return result;

  auto platform = ir::lower(*spec, diags);  // Lower: one pass, Spec -> IR
  spec.reset();
  if (!platform || options.stop_after == Phase::Lower) return result;

  result.capacity = ir::run_passes(*platform, lock ? &*lock : nullptr, diags);  // Passes
  if (diags.has_errors()) return result;
  std::size_t groups = 0;
  for (const ir::Tenant& tenant : platform->tenants) groups += tenant.workers.size();
  result.summary = Summary{platform->name, platform->tenants.size(), groups};
  if (options.stop_after == Phase::Passes) {
    result.platform = std::move(platform);
    return result;
  }

  backends::Options backend_options;
  std::vector<std::string> fingerprints;
  if (options.stop_after == Phase::Emit) {
    fingerprints = ir::tenant_fingerprints(*platform, fingerprint_salt(backend_options));
  }
  if (options.reuse && lock && options.stop_after == Phase::Emit) {
    backend_options.tenants.assign(platform->tenants.size(), true);
    for (std::size_t i = 0; i < platform->tenants.size(); ++i) {
      const ir::Tenant& t = platform->tenants[i];
      auto locked = lock->tenants.find(t.name);
      if (locked == lock->tenants.end() || locked->second.fingerprint != fingerprints[i] ||
          !options.reuse(*platform, t)) {
        continue;
      }
      backend_options.tenants[i] = false;
      result.kept.push_back(ir::tenant_platform_folder(platform->name, t.name));
      result.kept.push_back(ir::tenant_folder(t.name));
    }
    result.summary->reused = result.kept.size() / 2;
  }
  backends::ManifestSet manifests = backends::lower_all(*platform, backend_options);
  if (options.stop_after == Phase::Backends) {
    result.manifests = std::move(manifests);
    return result;
  }

  std::string lock_text = ir::render_lock(*platform, fingerprints);
  platform.reset();
  result.tree = emit::make_tree(std::move(manifests), lock_text, result.kept);  // Emit
  return result;
}

}  // namespace kmetal::driver
