#include "compiler/frontend/source_guard.h"

#include "compiler/base/text.h"

namespace kmetal::frontend {
namespace {

// Replaces `length` bytes at `offset` with '?' so the registered text is valid UTF-8 with
// byte offsets unchanged.
void blank(std::string& text, std::size_t offset, std::size_t length) {
  for (std::size_t i = offset; i < offset + length && i < text.size(); ++i) text[i] = '?';
}

SourceSpan span_at(FileId file, std::size_t offset, std::size_t length) {
  return SourceSpan{file, static_cast<std::uint32_t>(offset),
                    static_cast<std::uint32_t>(offset + length)};
}

}  // namespace

void report_oversized(std::string display, std::uint64_t size, SourceManager& sources,
                      DiagnosticEngine& diags) {
  FileId id = sources.add(std::move(display), {});
  diags.report(DiagKind::file_too_large, span_at(id, 0, 0), size, kMaxSourceBytes);
}

std::optional<FileId> admit_source(std::string display, std::string bytes, SourceManager& sources,
                                   DiagnosticEngine& diags) {
  if (bytes.size() > kMaxSourceBytes) {
    report_oversized(std::move(display), bytes.size(), sources, diags);
    return std::nullopt;
  }
  if (bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);

  // NUL first: a binary file deserves one clear message, not a complaint about its encoding.
  if (std::size_t nul = bytes.find('\0'); nul != std::string::npos) {
    std::string text = bytes.substr(0, bytes.find('\n', nul));
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x20 && c != '\n' && c != '\t') text[i] = '?';
      if (c >= 0x80) text[i] = '?';
    }
    FileId id = sources.add(std::move(display), std::move(text));
    diags.report(DiagKind::binary_file, span_at(id, nul, 1), nul);
    return std::nullopt;
  }
  if (auto bad = find_invalid_utf8(bytes)) {
    auto byte = static_cast<unsigned>(static_cast<unsigned char>(bytes[bad->offset]));
    std::string text = bytes;
    blank(text, bad->offset, bad->length);
    while (auto more = find_invalid_utf8(text)) blank(text, more->offset, more->length);
    FileId id = sources.add(std::move(display), std::move(text));
    diags.report(DiagKind::invalid_utf8, span_at(id, bad->offset, bad->length), byte);
    return std::nullopt;
  }
  // One error, at the first offender; every offender is blanked so that quoting the line
  // in the error cannot replay an invisible or direction-changing character on a terminal.
  std::optional<std::pair<std::size_t, std::size_t>> first;
  char32_t first_cp = 0;
  bool first_is_control = false;
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t start = i;
    char32_t cp = decode_utf8(bytes, i);
    bool control = (cp < 0x20 && cp != '\t' && cp != '\n' &&
                    !(cp == '\r' && i < bytes.size() && bytes[i] == '\n')) ||
                   (cp >= 0x7F && cp < 0xA0);
    if (!control && !is_bidi_control(cp)) continue;
    if (!first) first = {start, i - start}, first_cp = cp, first_is_control = control;
    blank(bytes, start, i - start);
  }
  if (first) {
    FileId id = sources.add(std::move(display), std::move(bytes));
    SourceSpan at = span_at(id, first->first, first->second);
    auto cp = static_cast<std::uint32_t>(first_cp);
    if (first_is_control) {
      diags.report(DiagKind::control_character, at, cp);
    } else {
      diags.report(DiagKind::bidi_control, at, cp);
    }
    return std::nullopt;
  }
  bool blank_only = bytes.find_first_not_of(" \t\r\n") == std::string::npos;
  FileId id = sources.add(std::move(display), std::move(bytes));
  if (blank_only) {
    diags.report(DiagKind::empty_file, span_at(id, 0, 0));
    return std::nullopt;
  }
  return id;
}

}  // namespace kmetal::frontend
