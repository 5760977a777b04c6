// The frontend in one call: load (files, imports) -> parse -> resolve and check -> Spec.
#pragma once

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/spec.h"

namespace kmetal::frontend {

// `input` is one .kmetal file or a directory of them (the project root).
std::optional<Spec> run(const std::string& input, SourceManager& sources, DiagnosticEngine& diags);

// The same pipeline over one in-memory file (tests, fuzzing); only std imports resolve.
std::optional<Spec> run_text(const std::string& display, std::string text, SourceManager& sources,
                             DiagnosticEngine& diags);

}  // namespace kmetal::frontend
