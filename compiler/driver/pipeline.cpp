#include "compiler/driver/pipeline.h"

#include <fstream>
#include <sstream>

#include "compiler/frontend/frontend.h"
#include "compiler/frontend/source_guard.h"
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

}  // namespace

Compilation compile(const CompileOptions& options, SourceManager& sources,
                    DiagnosticEngine& diags) {
  Compilation result;
  std::optional<ir::Lock> lock;
  if (!options.lock_path.empty()) {
    lock = read_lock(options.lock_path, sources, diags);
    if (!lock) return result;
  } else if (!options.lock_display.empty()) {
    auto file = frontend::admit_source(options.lock_display, options.lock_text, sources, diags);
    if (file) lock = ir::parse_lock(*file, sources, diags);
    if (!lock) return result;
  }
  auto spec = frontend::run(options.input, sources, diags);  // load, parse, resolve, schema
  if (!spec) return result;
  auto platform = ir::lower(*spec, diags);  // one pass: Spec -> IR
  if (!platform) return result;
  result.capacity = ir::run_passes(*platform, lock ? &*lock : nullptr, diags);  // allocate, prove
  if (diags.has_errors()) return result;
  result.platform = std::move(platform);
  return result;
}

}  // namespace kmetal::driver
