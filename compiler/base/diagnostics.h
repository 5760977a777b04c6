// The diagnostic registry (generated from diagnostics.def), the Diagnostic value and the
// DiagnosticEngine sink that every phase reports into. Library code never prints or exits.
#pragma once

#include <fmt/format.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace kmetal {

enum class Severity { Error, Warning };
enum class DiagClass { Input, Io };

enum class DiagKind {
#define DIAG(code, name, severity, klass, format, explanation) name,
#include "compiler/base/diagnostics.def"
#undef DIAG
};

struct DiagInfo {
  std::string_view code;
  std::string_view name;
  Severity severity;
  DiagClass klass;
  std::string_view format;
  std::string_view explanation;
};

const std::vector<DiagInfo>& diagnostic_registry();
const DiagInfo& info(DiagKind kind);
const DiagInfo* find_diagnostic(std::string_view code);

struct DiagNote {
  SourceSpan span;
  std::string message;
};

struct Diagnostic {
  DiagKind kind{};
  SourceSpan span;   // may be invalid for errors about a path that was never loaded
  std::string path;  // shown instead of a location when `span` is invalid
  std::string message;
  std::vector<DiagNote> notes;
  std::vector<std::string> helps;

  Diagnostic& note(SourceSpan at, std::string text) {
    notes.push_back({at, std::move(text)});
    return *this;
  }
  Diagnostic& help(std::string text) {
    helps.push_back(std::move(text));
    return *this;
  }
};

class DiagnosticEngine {
 public:
  // Formats the registry's message for `kind` with `args`. The returned reference stays
  // valid until the engine is destroyed (a deque never moves its elements).
  template <typename... Args>
  Diagnostic& report(DiagKind kind, SourceSpan span, const Args&... args) {
    return add(kind, span, fmt::vformat(info(kind).format, fmt::make_format_args(args...)));
  }
  Diagnostic& add(DiagKind kind, SourceSpan span, std::string message);

  std::size_t error_count() const { return errors_; }
  bool has_errors() const { return errors_ > 0; }
  bool has_io_errors() const;
  // Sorted by (file, offset, code) so output is independent of the order passes ran in.
  std::vector<Diagnostic> sorted() const;

 private:
  std::deque<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
};

struct RenderOptions {
  bool color = false;
  std::size_t max_errors = 20;
};

// clang/rustc style: `file:line:col: error[KM1202]: message`, the line, carets, notes, helps.
std::string render_text(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                        const RenderOptions& options);
std::string render_json(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);

}  // namespace kmetal
