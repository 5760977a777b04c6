// The compiler on one screen: each stage takes a value and returns one, and the driver
// stops between stages when errors were reported. Commands are thin wrappers over this.
#pragma once

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/spec.h"

namespace kmetal::driver {

struct Compilation {
  std::optional<frontend::Spec> spec;  // set when the frontend succeeded
};

// Runs every stage that exists on `input` (a .kmetal file or a project directory).
Compilation compile(const std::string& input, SourceManager& sources, DiagnosticEngine& diags);

}  // namespace kmetal::driver
