#include "compiler/base/diagnostics.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/base/text.h"

namespace kmetal {

const std::vector<DiagInfo>& diagnostic_registry() {
  static const std::vector<DiagInfo> registry = {
#define DIAG(code, name, severity, klass, format, explanation) \
  {#code, #name, Severity::severity, DiagClass::klass, format, explanation},
#include "compiler/base/diagnostics.def"
#undef DIAG
  };
  return registry;
}

const DiagInfo& info(DiagId kind) {
  return diagnostic_registry().at(static_cast<std::size_t>(kind));
}

const DiagInfo* find_diagnostic(std::string_view code) {
  for (const DiagInfo& d : diagnostic_registry()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

Diagnostic& DiagnosticEngine::add(DiagId kind, SourceSpan span, std::string message) {
  if (info(kind).severity == Severity::Error) ++errors_;
  Diagnostic d;
  d.kind = kind;
  d.span = span;
  d.message = std::move(message);
  diagnostics_.push_back(std::move(d));
  return diagnostics_.back();
}

bool DiagnosticEngine::has_io_errors() const {
  return std::any_of(diagnostics_.begin(), diagnostics_.end(),
                     [](const Diagnostic& d) { return info(d.kind).klass == DiagClass::Io; });
}

std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  std::vector<Diagnostic> out(diagnostics_.begin(), diagnostics_.end());
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    auto key = [](const Diagnostic& d) {
      return std::make_tuple(d.span.file.value, d.path, d.span.begin, info(d.kind).code);
    };
    return key(a) < key(b);
  });
  return out;
}

namespace {

struct Style {
  bool on;
  std::string_view operator()(std::string_view code) const { return on ? code : ""; }
};
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kGreen = "\x1b[1;32m";
constexpr std::string_view kBlue = "\x1b[1;34m";
constexpr std::string_view kCyan = "\x1b[1;36m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::size_t kMaxSnippetBytes = 160;
constexpr std::size_t kSnippetContext = 60;

std::string location(const SourceManager& sources, SourceSpan span, const std::string& path) {
  if (!span.valid()) return path.empty() ? "kmetal" : path;
  LineColumn lc = sources.line_column(span.file, span.begin);
  return fmt::format("{}:{}:{}", sources.display(span.file), lc.line, lc.column);
}

// The source line under a span, with carets from its start to its end (or the line's end).
void render_snippet(std::string& out, const SourceManager& sources, SourceSpan span,
                    std::string_view caret_color, const Style& style) {
  if (!span.valid()) return;
  LineColumn lc = sources.line_column(span.file, span.begin);
  std::string_view line = sources.line_text(span.file, lc.line);
  std::string number = std::to_string(lc.line);
  std::string gutter(number.size(), ' ');
  std::string_view text = sources.text(span.file);
  std::size_t line_start = static_cast<std::size_t>(line.data() - text.data());
  std::size_t caret = span.begin - line_start;  // byte offset of the span within the line
  std::size_t end = std::min<std::size_t>(std::max(span.end, span.begin) - line_start, line.size());
  // Long lines (minified or hostile input) are shown as a window around the span.
  std::string prefix;
  std::string suffix;
  if (line.size() > kMaxSnippetBytes) {
    std::size_t from = caret > kSnippetContext ? caret - kSnippetContext : 0;
    while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;
    std::size_t to = std::min(line.size(), std::max(end, caret + 1) + kSnippetContext);
    while (to < line.size() && (static_cast<unsigned char>(line[to]) & 0xC0) == 0x80) ++to;
    prefix = from > 0 ? "..." : "";
    suffix = to < line.size() ? "..." : "";
    line = line.substr(from, to - from);
    caret -= from, end = std::min(end - from, line.size());
  }
  // Pad under the line, keeping tabs as tabs so the carets line up with what the user sees.
  std::string pad(prefix.size(), ' ');
  for (std::size_t i = 0; i < caret && i < line.size();) {
    char32_t cp = decode_utf8(line, i);
    pad += cp == '\t' ? '\t' : ' ';
  }
  std::size_t width = end > caret ? count_code_points(line.substr(caret, end - caret)) : 0;
  width = std::max<std::size_t>(std::min<std::size_t>(width, kMaxSnippetBytes), 1);
  out += fmt::format("{}{} |{}\n", style(kBlue), gutter, style(kReset));
  out +=
      fmt::format("{}{} |{} {}{}{}\n", style(kBlue), number, style(kReset), prefix, line, suffix);
  out += fmt::format("{}{} |{} {}{}{}{}\n", style(kBlue), gutter, style(kReset), pad,
                     style(caret_color), std::string(width, '^'), style(kReset));
}

}  // namespace

std::string render_text(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources,
                        const RenderOptions& options) {
  Style style{options.color};
  std::string out;
  std::size_t shown = 0;
  std::size_t errors = 0;
  for (const Diagnostic& d : diagnostics) {
    const DiagInfo& i = info(d.kind);
    bool is_error = i.severity == Severity::Error;
    if (is_error) ++errors;
    if (shown >= options.max_errors) continue;
    ++shown;
    std::string_view word = is_error ? "error" : "warning";
    out += fmt::format("{}{}: {}{}[{}]{}{}: {}{}\n", style(kBold),
                       location(sources, d.span, d.path), style(is_error ? kRed : kCyan), word,
                       i.code, style(kReset), style(kBold), d.message, style(kReset));
    render_snippet(out, sources, d.span, is_error ? kRed : kCyan, style);
    for (const DiagNote& note : d.notes) {
      out += fmt::format("{}{}: {}note{}: {}\n", style(kBold), location(sources, note.span, {}),
                         style(kGreen), style(kReset), note.message);
      render_snippet(out, sources, note.span, kGreen, style);
    }
    for (const std::string& help : d.helps) {
      out += fmt::format("  {}= help{}: {}\n", style(kCyan), style(kReset), help);
    }
  }
  if (shown < diagnostics.size()) {
    out += fmt::format("note: {} more diagnostics not shown\n", diagnostics.size() - shown);
  }
  if (errors > 0) {
    out += fmt::format("{}error{}: aborting due to {} error{}\n", style(kRed), style(kReset),
                       errors, errors == 1 ? "" : "s");
  }
  return out;
}

std::string render_json(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  auto span_json = [&](SourceSpan span, const std::string& path) {
    nlohmann::ordered_json j;
    if (!span.valid()) {
      j["file"] = path;
      return j;
    }
    LineColumn begin = sources.line_column(span.file, span.begin);
    LineColumn end = sources.line_column(span.file, std::max(span.begin, span.end));
    j["file"] = sources.display(span.file);
    j["line"] = begin.line;
    j["column"] = begin.column;
    j["end_line"] = end.line;
    j["end_column"] = end.column;
    j["offset"] = span.begin;
    j["length"] = span.end > span.begin ? span.end - span.begin : 0;
    return j;
  };
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    const DiagInfo& i = info(d.kind);
    nlohmann::ordered_json j;
    j["code"] = i.code;
    j["severity"] = i.severity == Severity::Error ? "error" : "warning";
    j["message"] = d.message;
    j["location"] = span_json(d.span, d.path);
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const DiagNote& note : d.notes) {
      notes.push_back({{"message", note.message}, {"location", span_json(note.span, {})}});
    }
    j["notes"] = notes;
    j["help"] = d.helps;
    list.push_back(std::move(j));
  }
  return list.dump(2) + "\n";
}

}  // namespace kmetal
