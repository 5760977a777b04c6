// Turns the text of one literal token into a typed AST value, reporting malformed literals
// (octets > 255, /33, host bits, 0x10, overflow, bad escapes) at the exact bad characters.
// Independent of ANTLR so the schema can parse its default values with the same code.
#pragma once

#include <optional>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/ast.h"

namespace kmetal::frontend {

enum class LiteralKind { String, Int, Decimal, Quantity, Ip, Cidr, IpRange, IntRange };

// `span` covers `text` exactly; strings include their quotes.
std::optional<ast::Expr> parse_literal(LiteralKind kind, std::string_view text, SourceSpan span,
                                       DiagnosticEngine& diags);

// Reports a number-like token no literal rule accepts (0x10, 1e3, 64GB, 100-3999, 1.31.4),
// with a help line aimed at the likely intent.
void report_bad_number(std::string_view text, SourceSpan span, DiagnosticEngine& diags);

}  // namespace kmetal::frontend
