// parse_file: one admitted source file to an owned AST. Runs a lexical pre-scan (bad tokens,
// delimiter balance, nesting depth) before the parser, parses SLL first and LL only on
// failure, and reports syntax errors as KM diagnostics. No ANTLR type escapes this call.
#pragma once

#include <optional>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/frontend/ast.h"

namespace kmetal::frontend {

inline constexpr std::size_t kMaxNesting = 64;

std::optional<ast::File> parse_file(FileId file, const SourceManager& sources,
                                    DiagnosticEngine& diags);

}  // namespace kmetal::frontend
