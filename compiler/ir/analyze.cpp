#include "compiler/ir/analyze.h"

#include <fstream>
#include <sstream>

#include "compiler/frontend/frontend.h"
#include "compiler/frontend/source_guard.h"
#include "compiler/ir/lower.h"
#include "compiler/ir/passes.h"

namespace kmetal::ir {
namespace {

// Reads and parses the previous lock; nullopt (with a diagnostic) when it is unusable.
std::optional<Lock> read_lock(const Sources& in, SourceManager& files, DiagnosticEngine& diags) {
  if (!in.lock_path.empty()) {
    std::ifstream stream(in.lock_path, std::ios::binary);
    if (!stream) {
      diags
          .report(DiagKind::cannot_read, SourceSpan{}, in.lock_path, "no such file or not readable")
          .path = in.lock_path;
      return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << stream.rdbuf();
    auto file = frontend::admit_source(in.lock_path, bytes.str(), files, diags);
    if (!file) return std::nullopt;
    return parse_lock(*file, files, diags);
  }
  auto file = frontend::admit_source(in.lock_display, in.lock_text, files, diags);
  if (!file) return std::nullopt;
  return parse_lock(*file, files, diags);
}

}  // namespace

Analysis analyze(const Sources& in, Until until, SourceManager& files, DiagnosticEngine& diags) {
  Analysis out;
  // Load: the lock first (it constrains allocation), then the spec.
  if (!in.lock_path.empty() || !in.lock_display.empty()) {
    out.lock = read_lock(in, files, diags);
    if (!out.lock) return out;
  }
  auto spec = in.text ? frontend::run_text(in.input, *in.text, files, diags)
                      : frontend::run(in.input, files, diags);
  if (!spec) return out;
  if (until == Until::Load) return out.ok = !diags.has_errors(), out;

  out.platform = lower(*spec, diags);  // Lower: one pass, Spec -> IR
  spec.reset();
  if (!out.platform) return out;
  if (until == Until::Lower) return out.ok = !diags.has_errors(), out;

  out.capacity = run_passes(*out.platform, out.lock ? &*out.lock : nullptr, diags);  // Passes
  out.ok = !diags.has_errors();
  return out;
}

}  // namespace kmetal::ir
