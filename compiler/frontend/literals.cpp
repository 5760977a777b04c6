#include "compiler/frontend/literals.h"

#include <algorithm>
#include <cctype>

#include "compiler/base/text.h"

namespace kmetal::frontend {
namespace {

SourceSpan sub_span(SourceSpan span, std::size_t offset, std::size_t length) {
  if (length == 0) return span;
  auto begin = static_cast<std::uint32_t>(span.begin + offset);
  return SourceSpan{span.file, begin, static_cast<std::uint32_t>(begin + length)};
}

template <typename Kind>
void report(DiagnosticEngine& diags, Kind kind, SourceSpan span, const LiteralError& error) {
  Diagnostic& d = diags.report(kind, sub_span(span, error.offset, error.length), error.message);
  if (!error.help.empty()) d.help(error.help);
}

std::optional<std::string> decode_string(std::string_view text, SourceSpan span,
                                         DiagnosticEngine& diags) {
  std::string out;
  std::string_view body = text.substr(1, text.size() - 2);
  bool ok = true;
  for (std::size_t i = 0; i < body.size();) {
    if (body[i] != '\\') {
      std::size_t start = i;
      decode_utf8(body, i);
      out.append(body, start, i - start);
      continue;
    }
    std::size_t start = i;
    char c = i + 1 < body.size() ? body[i + 1] : '\0';
    i += 2;
    char32_t cp = 0;
    switch (c) {
      case '"':
        out += '"';
        continue;
      case '\\':
        out += '\\';
        continue;
      case 'n':
        out += '\n';
        continue;
      case 't':
        out += '\t';
        continue;
      case 'u': {
        std::size_t close = body.find('}', i);
        bool well_formed = i < body.size() && body[i] == '{' && close != std::string_view::npos &&
                           close - i - 1 >= 1 && close - i - 1 <= 6;
        for (std::size_t k = i + 1; well_formed && k < close; ++k) {
          char h = body[k];
          unsigned digit = h >= '0' && h <= '9'   ? unsigned(h - '0')
                           : h >= 'a' && h <= 'f' ? unsigned(h - 'a' + 10)
                           : h >= 'A' && h <= 'F' ? unsigned(h - 'A' + 10)
                                                  : 16u;
          if (digit == 16) well_formed = false;
          cp = cp * 16 + digit;
        }
        if (well_formed && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
          i = close + 1;
          break;
        }
        if (close != std::string_view::npos && close >= i) i = close + 1;
        [[fallthrough]];
      }
      default: {
        std::size_t length = std::min(i, body.size()) - start;
        diags.report(DiagKind::invalid_escape, sub_span(span, 1 + start, length),
                     body.substr(start, length));
        ok = false;
        continue;
      }
    }
    if (is_bidi_control(cp)) {
      diags.report(DiagKind::bidi_control, sub_span(span, 1 + start, i - start),
                   static_cast<std::uint32_t>(cp));
      ok = false;
      continue;
    }
    append_utf8(out, cp);
  }
  if (!ok) return std::nullopt;
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string bad_number_help(std::string_view text) {
  std::size_t dash = text.find('-', 1);
  if (dash != std::string_view::npos && all_digits(text.substr(0, dash)) &&
      all_digits(text.substr(dash + 1))) {
    return "integer ranges use two dots: `" + std::string(text.substr(0, dash)) + ".." +
           std::string(text.substr(dash + 1)) + "`";
  }
  if (text.size() > 2 && (text.substr(0, 2) == "0x" || text.substr(0, 2) == "0X")) {
    std::string_view hex = text.substr(2);
    unsigned long long value = 0;
    bool ok = !hex.empty() && hex.size() <= 15;
    for (char c : hex) {
      int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                  : std::isxdigit(static_cast<unsigned char>(c))
                      ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                      : -1;
      ok = ok && digit >= 0;
      value = value * 16 + static_cast<unsigned>(std::max(digit, 0));
    }
    if (ok) return "kmetal numbers are decimal: write `" + std::to_string(value) + "`";
  }
  std::size_t unit = text.find_first_not_of("0123456789.");
  if (unit != std::string_view::npos && unit > 0) {
    std::string suffix(text.substr(unit));
    for (char& c : suffix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const char* si : {"K", "M", "G", "T", "P", "E"}) {
      if (suffix == std::string(si) + "B" || suffix == std::string(si) + "IB") {
        std::string binary =
            std::string(text.substr(0, unit)) + (si[0] == 'K' ? "Ki" : std::string(si) + "i");
        return "quantities use Kubernetes suffixes: `" + binary + "` (binary) or `" +
               std::string(text.substr(0, unit)) + (si[0] == 'K' ? "k" : si) + "` (decimal)";
      }
    }
  }
  if (std::count(text.begin(), text.end(), '.') == 2 &&
      text.find_first_not_of("0123456789.") == std::string_view::npos) {
    return "versions are strings: write \"" + std::string(text) + "\"";
  }
  return "numbers are decimal, optionally with a quantity suffix: 500m, 4, 2.5, 16Gi, 2Ti";
}

}  // namespace

void report_bad_number(std::string_view text, SourceSpan span, DiagnosticEngine& diags) {
  diags.report(DiagKind::malformed_number, span, "malformed number `" + std::string(text) + "`")
      .help(bad_number_help(text));
}

std::optional<ast::Expr> parse_literal(LiteralKind kind, std::string_view text, SourceSpan span,
                                       DiagnosticEngine& diags) {
  LiteralError error;
  ast::Expr expr;
  expr.span = span;
  switch (kind) {
    case LiteralKind::String: {
      auto value = decode_string(text, span, diags);
      if (!value) return std::nullopt;
      expr.value = ast::StringLit{std::move(*value)};
      return expr;
    }
    case LiteralKind::Int:
    case LiteralKind::Decimal:
    case LiteralKind::Quantity: {
      ast::NumberLit number;
      number.kind = kind == LiteralKind::Int       ? ast::NumberKind::Int
                    : kind == LiteralKind::Decimal ? ast::NumberKind::Decimal
                                                   : ast::NumberKind::Quantity;
      number.text = std::string(text);
      if (!parse_number(text, number.value, error)) break;
      // Integers must fit int64 as written, so later stages never see a wrapped value.
      std::int64_t scratch = 0;
      if (kind == LiteralKind::Int && !to_scaled_integer(number.value, 1, scratch).empty()) {
        error = {"integer " + std::string(text) + " does not fit in 64 bits", 0, 0, {}};
        break;
      }
      expr.value = std::move(number);
      return expr;
    }
    case LiteralKind::Ip: {
      IpAddress ip;
      if (!parse_ip(text, ip, error)) {
        report(diags, DiagKind::malformed_address, span, error);
        return std::nullopt;
      }
      expr.value = ip;
      return expr;
    }
    case LiteralKind::Cidr: {
      Cidr cidr;
      if (!parse_cidr(text, cidr, error)) {
        if (error.host_bits_set) {
          report(diags, DiagKind::host_bits_set, span, error);
        } else {
          report(diags, DiagKind::malformed_address, span, error);
        }
        return std::nullopt;
      }
      expr.value = cidr;
      return expr;
    }
    case LiteralKind::IpRange: {
      IpRange range;
      if (!parse_ip_range(text, range, error)) {
        report(diags, DiagKind::malformed_address, span, error);
        return std::nullopt;
      }
      expr.value = range;
      return expr;
    }
    case LiteralKind::IntRange: {
      std::size_t dots = text.find("..");
      Number low;
      Number high;
      std::int64_t lo = 0;
      std::int64_t hi = 0;
      if (!parse_number(text.substr(0, dots), low, error) ||
          !parse_number(text.substr(dots + 2), high, error) ||
          !to_scaled_integer(low, 1, lo).empty() || !to_scaled_integer(high, 1, hi).empty()) {
        diags.report(
            DiagKind::malformed_int_range, span,
            "integer range " + std::string(text) + " has a bound that does not fit in 64 bits");
        return std::nullopt;
      }
      if (hi < lo) {
        diags.report(DiagKind::malformed_int_range, span,
                     "integer range " + std::string(text) + " is empty: " + std::to_string(hi) +
                         " is below " + std::to_string(lo));
        return std::nullopt;
      }
      expr.value = ast::IntRangeLit{lo, hi};
      return expr;
    }
  }
  report(diags, DiagKind::malformed_number, span, error);
  return std::nullopt;
}

}  // namespace kmetal::frontend
