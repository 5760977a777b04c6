#include "compiler/base/number.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace kmetal {
namespace {

struct SuffixInfo {
  std::string_view text;
  Suffix suffix;
  // value = 10^pow10 * 2^pow2, with pow10 = -3 for milli
  int pow10;
  int pow2;
};

constexpr std::array<SuffixInfo, 14> kSuffixes{{
    {"", Suffix::None, 0, 0},
    {"m", Suffix::Milli, -3, 0},
    {"k", Suffix::Kilo, 3, 0},
    {"M", Suffix::Mega, 6, 0},
    {"G", Suffix::Giga, 9, 0},
    {"T", Suffix::Tera, 12, 0},
    {"P", Suffix::Peta, 15, 0},
    {"E", Suffix::Exa, 18, 0},
    {"Ki", Suffix::Ki, 0, 10},
    {"Mi", Suffix::Mi, 0, 20},
    {"Gi", Suffix::Gi, 0, 30},
    {"Ti", Suffix::Ti, 0, 40},
    {"Pi", Suffix::Pi, 0, 50},
    {"Ei", Suffix::Ei, 0, 60},
}};

const SuffixInfo& info(Suffix suffix) {
  return kSuffixes[static_cast<std::size_t>(suffix)];
}

}  // namespace

std::string_view suffix_text(Suffix suffix) {
  return info(suffix).text;
}

bool parse_number(std::string_view text, Number& out, LiteralError& error) {
  out = Number{};
  std::size_t pos = 0;
  if (pos < text.size() && text[pos] == '-') out.negative = true, ++pos;
  bool seen_dot = false;
  std::size_t digits = 0;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '.' && !seen_dot) {
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (out.mantissa > (UINT64_MAX - 9) / 10) {
      error = {fmt::format("number {} is too large", text), 0, 0, {}};
      return false;
    }
    out.mantissa = out.mantissa * 10 + static_cast<unsigned>(c - '0');
    if (seen_dot) ++out.scale;
    ++digits;
  }
  std::string_view suffix = text.substr(pos);
  for (const SuffixInfo& s : kSuffixes) {
    if (s.text == suffix) {
      out.suffix = s.suffix;
      if (digits == 0) break;
      return true;
    }
  }
  error = {fmt::format("malformed number `{}`", text), 0, 0,
           "numbers are decimal, optionally with a quantity suffix: 500m, 4, 2.5, 16Gi, 2Ti"};
  return false;
}

std::string to_scaled_integer(const Number& number, std::int64_t unit_scale, std::int64_t& out) {
  // Exact rational arithmetic in 128 bits: numerator / denominator, then check integrality.
  const SuffixInfo& s = info(number.suffix);
  uint128 numerator = number.mantissa;
  uint128 denominator = 1;
  const uint128 limit = uint128{1} << 100;  // far above int64, far below overflow of uint128
  auto multiply = [&](uint128& v, std::uint64_t factor) {
    if (v > limit / factor) return false;
    v *= factor;
    return true;
  };
  bool ok = multiply(numerator, static_cast<std::uint64_t>(unit_scale));
  for (unsigned i = 0; ok && i < number.scale; ++i) ok = multiply(denominator, 10);
  for (int i = 0; ok && i < s.pow10; ++i) ok = multiply(numerator, 10);
  for (int i = 0; ok && i > s.pow10; --i) ok = multiply(denominator, 10);
  for (int i = 0; ok && i < s.pow2; ++i) ok = multiply(numerator, 2);
  if (!ok || numerator / denominator > static_cast<uint128>(INT64_MAX)) {
    return "is too large";
  }
  if (numerator % denominator != 0) return "is finer than the smallest unit";
  auto value = static_cast<std::int64_t>(numerator / denominator);
  out = number.negative ? -value : value;
  return {};
}

}  // namespace kmetal
