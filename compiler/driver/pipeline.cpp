#include "compiler/driver/pipeline.h"

#include "compiler/frontend/frontend.h"

namespace kmetal::driver {

Compilation compile(const std::string& input, SourceManager& sources, DiagnosticEngine& diags) {
  Compilation result;
  result.spec = frontend::run(input, sources, diags);  // load, parse, resolve, schema checks
  if (!result.spec || diags.has_errors()) return result;
  return result;
}

}  // namespace kmetal::driver
