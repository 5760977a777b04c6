// The diagnostic registry (generated from diagnostics.def), the Diagnostic value and the
// DiagnosticEngine sink that every phase reports into. Library code never prints or exits.
#pragma once

#include <fmt/format.h>

#include <deque>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "compiler/base/source.h"

namespace kmetal {

enum class Severity { Error, Warning };
enum class DiagClass { Input, Io };

// Every diagnostic's identity at run time (stored in a Diagnostic, compared in tests).
enum class DiagId {
#define DIAG(code, name, severity, klass, format, explanation) name,
#include "compiler/base/diagnostics.def"
#undef DIAG
};

// Counts the `{...}` placeholders of a format string (`{{` and `}}` are literal braces).
constexpr std::size_t placeholder_count(std::string_view format) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 1 < format.size() && format[i + 1] == '{') {
      ++i;
    } else if (format[i] == '{') {
      ++count;
    }
  }
  return count;
}

// Every diagnostic as a value of its own type, `DiagKind::unknown_attribute`, that carries its
// format string. DiagnosticEngine::report checks the arguments against that format when it is
// compiled: their number (a static_assert below) and their types against each placeholder's
// spec (fmt's compile-time format check). A mismatch fails the build, never a run.
// Deriving from fmt::detail::compile_string is how fmt (9 to 11) recognises a format string
// known at compile time; tests/compile/diagnostics_checked.sh fails if that stops working.
struct DiagKind {
#define DIAG(code, name, severity, klass, format, explanation)                  \
  struct name##_t : fmt::detail::compile_string {                               \
    using char_type = char;                                                     \
    static constexpr std::size_t arity = placeholder_count(format);             \
    constexpr operator fmt::string_view() const { return format; } /* NOLINT */ \
    constexpr operator DiagId() const { return DiagId::name; }     /* NOLINT */ \
  };                                                                            \
  static constexpr name##_t name{};
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
const DiagInfo& info(DiagId kind);
const DiagInfo* find_diagnostic(std::string_view code);

struct DiagNote {
  SourceSpan span;
  std::string message;
};

struct Diagnostic {
  DiagId kind{};
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
  // Formats `kind`'s message with `args`, checked against its format when this is compiled.
  // The returned reference stays valid until the engine is destroyed (a deque never moves
  // its elements).
  template <typename Kind, typename... Args>
  Diagnostic& report(Kind kind, SourceSpan span, const Args&... args) {
    static_assert(std::is_base_of_v<fmt::detail::compile_string, Kind>,
                  "report() takes a DiagKind::name, whose format is known at compile time");
    static_assert(Kind::arity == sizeof...(Args),
                  "the arguments do not match this diagnostic's placeholders");
    return add(kind, span, fmt::format(kind, args...));
  }

  std::size_t error_count() const { return errors_; }
  bool has_errors() const { return errors_ > 0; }
  bool has_io_errors() const;
  // Sorted by (file, offset, code) so output is independent of the order passes ran in.
  std::vector<Diagnostic> sorted() const;

 private:
  Diagnostic& add(DiagId kind, SourceSpan span, std::string message);

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
