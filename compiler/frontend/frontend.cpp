#include "compiler/frontend/frontend.h"

#include "compiler/frontend/loader.h"
#include "compiler/frontend/resolve.h"

namespace kmetal::frontend {

std::optional<Spec> run(const std::string& input, SourceManager& sources, DiagnosticEngine& diags) {
  auto project = load_project(input, sources, diags);
  if (!project) return std::nullopt;
  return resolve(*project, diags);
}

std::optional<Spec> run_text(const std::string& display, std::string text, SourceManager& sources,
                             DiagnosticEngine& diags) {
  auto project = load_text(display, std::move(text), sources, diags);
  if (!project) return std::nullopt;
  return resolve(*project, diags);
}

}  // namespace kmetal::frontend
