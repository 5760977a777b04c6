// libFuzzer target: arbitrary bytes through the whole in-memory front end and IR (source
// guard, lexer prescan, parser, resolution, lowering, allocation, every check). Any crash,
// hang, sanitizer report or internal error is a bug; diagnostics are the expected outcome.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/frontend.h"
#include "compiler/ir/lower.h"
#include "compiler/ir/passes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kmetal::SourceManager sources;
  kmetal::DiagnosticEngine diags;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto spec = kmetal::frontend::run_text("fuzz.kmetal", std::move(text), sources, diags);
  if (spec) {
    auto platform = kmetal::ir::lower(*spec, diags);
    if (platform) kmetal::ir::run_passes(*platform, nullptr, diags);
  }
  // Rendering walks every span: a span pointing outside its file would show up here.
  (void)kmetal::render_text(diags.sorted(), sources, {});
  return 0;
}
