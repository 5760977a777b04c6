// Test helper: compiles a spec held in a string (or read from a file or project directory)
// through the front half of the compiler (ir/analyze.h), as every command does.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/analyze.h"

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
  Sources in;
  in.input = path.empty() ? "spec.kmetal" : path;
  if (path.empty()) in.text = text;
  if (!lock_text.empty()) {
    in.lock_text = lock_text;
    in.lock_display = "kmetal.lock";
  }
  Analysis analysis = analyze(in, Until::Passes, c->sources, c->diags);
  c->platform = std::move(analysis.platform);
  if (analysis.capacity) c->capacity = std::move(*analysis.capacity);
  return c;
}

}  // namespace kmetal::ir::testing
