// The gate every source file passes before the lexer sees it: size, encoding and invisible
// characters are checked on raw bytes so hostile input is refused cheaply and never reaches
// ANTLR. A leading UTF-8 BOM is dropped; CRLF is kept (the lexer treats CR as space).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace kmetal::frontend {

inline constexpr std::uint64_t kMaxSourceBytes = 32ull << 20;

// Registers the file with `sources` and returns its id when its text is acceptable; otherwise
// reports one located error and returns nullopt (the file is still registered, with each
// offending byte shown as '?', so the error can quote its line).
std::optional<FileId> admit_source(std::string display, std::string bytes, SourceManager& sources,
                                   DiagnosticEngine& diags);

// For a file too large to read: registers an empty stand-in and reports KM1001 at 1:1.
void report_oversized(std::string display, std::uint64_t size, SourceManager& sources,
                      DiagnosticEngine& diags);

}  // namespace kmetal::frontend
