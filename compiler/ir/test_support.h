// Test helper: compiles a spec held in a string (or read from a file or project directory)
// through the frontend and every IR pass.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/frontend.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/lower.h"
#include "compiler/ir/passes.h"

namespace kmetal::ir::testing {

struct Compiled {
  SourceManager sources;
  DiagnosticEngine diags;
  std::optional<Platform> platform;
  CapacityReport capacity;
  std::string errors() const { return render_text(diags.sorted(), sources, {}); }
};

inline std::unique_ptr<Compiled> compile(const std::string& text, const std::string& lock_text = "",
                                         const std::string& path = "") {
  auto c = std::make_unique<Compiled>();
  std::optional<Lock> lock;
  if (!lock_text.empty()) {
    FileId id = c->sources.add("kmetal.lock", lock_text);
    lock = parse_lock(id, c->sources, c->diags);
  }
  auto spec = path.empty() ? frontend::run_text("spec.kmetal", text, c->sources, c->diags)
                           : frontend::run(path, c->sources, c->diags);
  if (!spec) return c;
  c->platform = lower(*spec, c->diags);
  if (!c->platform) return c;
  c->capacity = run_passes(*c->platform, lock ? &*lock : nullptr, c->diags);
  return c;
}

}  // namespace kmetal::ir::testing
