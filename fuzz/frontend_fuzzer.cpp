// libFuzzer target: arbitrary bytes through the whole compiler, in memory, as `kmetal build`
// runs it (driver::compile up to Emit): source guard, lexer prescan, parser, resolution,
// lowering, allocation, every check, the backends, linking and the YAML writer. Any crash, hang,
// sanitizer report or internal error is a bug; diagnostics are the expected outcome.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/driver/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kmetal::SourceManager sources;
  kmetal::DiagnosticEngine diags;
  kmetal::driver::CompileOptions options;
  options.in.input = "fuzz.kmetal";
  options.in.text = std::string(reinterpret_cast<const char*>(data), size);
  options.stop_after = kmetal::driver::Phase::Emit;
  (void)kmetal::driver::compile(options, sources, diags);
  // Rendering walks every span: a span pointing outside its file would show up here.
  (void)kmetal::render_text(diags.sorted(), sources, {});
  return 0;
}
