// Exact numeric literals: integers, decimals and Kubernetes-style quantities (500m, 16Gi).
// A literal keeps its decimal mantissa and suffix; conversions to millicores or bytes are
// exact and report overflow or lost precision instead of rounding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/base/address.h"

namespace kmetal {

enum class Suffix : std::uint8_t {
  None,
  Milli,
  Kilo,
  Mega,
  Giga,
  Tera,
  Peta,
  Exa,
  Ki,
  Mi,
  Gi,
  Ti,
  Pi,
  Ei
};

struct Number {
  bool negative = false;
  std::uint64_t mantissa = 0;  // all digits, the decimal point removed
  unsigned scale = 0;          // digits after the decimal point
  Suffix suffix = Suffix::None;

  bool is_integer() const { return scale == 0 && suffix == Suffix::None; }
  bool is_zero() const { return mantissa == 0; }
};

// Parses INT, DECIMAL and QUANTITY literals (an optional leading '-').
bool parse_number(std::string_view text, Number& out, LiteralError& error);

// Each conversion returns an empty string on success, else why the value does not fit.
// `unit_scale` multiplies the value first: 1000 for millicores or per-mille ratios, 1 for bytes.
std::string to_scaled_integer(const Number& number, std::int64_t unit_scale, std::int64_t& out);

std::string_view suffix_text(Suffix suffix);

}  // namespace kmetal
