#include "compiler/driver/pipeline.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "compiler/backends/backends.h"
#include "compiler/ir/analyze.h"
#include "compiler/ir/fingerprint.h"
#include "compiler/ir/lock.h"
#include "output_identity.h"

namespace kmetal::driver {
namespace {

// How many tenants are lowered and written together: enough to amortise each backend's pass
// over the tenant list, few enough that a batch's object model stays small.
constexpr std::size_t kTenantsPerBatch = 256;

// Lowers and renders the batches (batch 0: the shared objects; batch k: the tenants of
// [(k-1)*kTenantsPerBatch, k*kTenantsPerBatch) that `lowered` selects) on up to four threads,
// batches being independent, and hands each batch's files to the writer one thread at a time.
// An internal error on any thread stops the others after their batch and is rethrown here.
void emit_batches(const ir::Platform& platform, const backends::Options& base,
                  const std::vector<bool>& lowered, emit::TreeWriter& writer) {
  const std::size_t tenants = platform.tenants.size();
  const std::size_t batches = 1 + (tenants + kTenantsPerBatch - 1) / kTenantsPerBatch;
  std::atomic<std::size_t> next{0};
  std::mutex accepting;
  std::exception_ptr failure;
  auto work = [&]() {
    try {
      for (std::size_t b = next++; b < batches; b = next++) {
        backends::Options options = base;
        options.tenants.assign(tenants, false);
        options.shared = b == 0;
        bool any = b == 0;
        for (std::size_t i = (b == 0 ? tenants : (b - 1) * kTenantsPerBatch);
             i < std::min(tenants, b * kTenantsPerBatch); ++i) {
          options.tenants[i] = lowered[i];
          any = any || lowered[i];
        }
        if (!any) continue;
        auto files = emit::TreeWriter::render(backends::lower_all(platform, options));
        std::lock_guard<std::mutex> lock(accepting);
        writer.accept(std::move(files));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(accepting);
      if (!failure) failure = std::current_exception();
      next = batches;
    }
  };
  std::size_t helpers =
      std::min<std::size_t>(3, std::max(1U, std::thread::hardware_concurrency()) - 1);
  std::vector<std::thread> threads;
  try {
    for (std::size_t i = 0; i < helpers && i + 1 < batches; ++i) threads.emplace_back(work);
  } catch (const std::system_error&) {
    // No more threads to be had: the ones started and this one do the work.
  }
  work();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

// What a tenant's files depend on besides the IR: the sources of the compiler that writes them
// (cmake/output_identity.cmake), the JSON library that orders and escapes what the content
// hashes and the attachment configs are made of, and the backends' options.
std::string fingerprint_salt(const backends::Options& options) {
  return std::string("kmetal ") + KMETAL_VERSION + " " + KMETAL_OUTPUT_IDENTITY + "\njson " +
         std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_PATCH) + "\n" + options.source_name + "\n" +
         options.interval;
}

}  // namespace

const char* output_identity() {
  return KMETAL_OUTPUT_IDENTITY;
}

std::string render_lock(const ir::Platform& platform) {
  return ir::render_lock(platform, ir::tenant_fingerprints(platform, fingerprint_salt({})));
}

Compilation compile(const CompileOptions& options, SourceManager& sources,
                    DiagnosticEngine& diags) {
  Compilation result;
  // Load, Lower and Passes: the front half (ir/analyze.h).
  ir::Until until = options.stop_after == Phase::Load    ? ir::Until::Load
                    : options.stop_after == Phase::Lower ? ir::Until::Lower
                                                         : ir::Until::Passes;
  ir::Analysis analysis = ir::analyze(options.in, until, sources, diags);
  result.capacity = std::move(analysis.capacity);
  if (!analysis.ok) return result;
  if (until == ir::Until::Lower) result.platform = std::move(analysis.platform);
  if (until != ir::Until::Passes) return result;
  std::optional<ir::Platform>& platform = analysis.platform;
  const std::optional<ir::Lock>& lock = analysis.lock;
  std::size_t groups = 0;
  for (const ir::Tenant& tenant : platform->tenants) groups += tenant.workers.size();
  result.summary = Summary{platform->name, platform->tenants.size(), groups};
  if (options.stop_after == Phase::Passes) {
    result.platform = std::move(platform);
    return result;
  }

  if (options.stop_after == Phase::Backends) {
    result.manifests = backends::lower_all(*platform, backends::Options{});  // as Emit's
    return result;
  }

  // Backends and Emit, a batch at a time: the shared objects, then the tenants in groups, each
  // group lowered, linked, written and freed (tenants share no file).
  const backends::Options backend_options;  // one set of options: the salt and every batch
  std::vector<std::string> fingerprints =
      ir::tenant_fingerprints(*platform, fingerprint_salt(backend_options));
  const std::size_t tenants = platform->tenants.size();
  std::vector<bool> lowered(tenants, true);
  if (options.reuse && lock) {
    for (std::size_t i = 0; i < tenants; ++i) {
      const ir::Tenant& t = platform->tenants[i];
      auto locked = lock->tenants.find(t.name);
      if (locked == lock->tenants.end() || locked->second.fingerprint != fingerprints[i] ||
          !options.reuse(*platform, t)) {
        continue;
      }
      lowered[i] = false;
      result.kept.push_back(ir::tenant_platform_folder(platform->name, t.name));
      result.kept.push_back(ir::tenant_folder(t.name));
    }
    result.summary->reused = result.kept.size() / 2;
  }
  emit::FileTree tree;
  emit::TreeWriter writer(options.sink ? options.sink
                                       : [&tree](const std::string& path, std::string contents) {
                                           tree[path] = std::move(contents);
                                         });
  emit_batches(*platform, backend_options, lowered, writer);
  for (const std::string& folder : result.kept) writer.keep(folder);
  writer.finish(ir::render_lock(*platform, fingerprints));
  result.emitted = true;
  result.files = writer.files();
  if (!options.sink) result.tree = std::move(tree);
  return result;
}

}  // namespace kmetal::driver
