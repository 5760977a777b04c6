// Small text utilities shared by every layer: UTF-8 validation, edit distance for
// "did you mean" suggestions, and DNS-1123 label checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kmetal {

struct Utf8Error {
  std::size_t offset = 0;
  std::size_t length = 1;
};

// The first byte sequence that is not well-formed UTF-8 (overlongs, surrogates and code points
// past U+10FFFF are rejected), or nullopt when the whole text is valid.
std::optional<Utf8Error> find_invalid_utf8(std::string_view text);

// Decodes one code point of valid UTF-8 at `offset`, advancing it.
char32_t decode_utf8(std::string_view text, std::size_t& offset);
void append_utf8(std::string& out, char32_t code_point);
std::size_t count_code_points(std::string_view text);

// Unicode bidirectional override and isolate controls (the "Trojan Source" characters).
bool is_bidi_control(char32_t code_point);

// 64-bit FNV-1a of `text`, continuing from `hash`: the same value on every platform and standard
// library (std::hash is neither), for orders that decide output.
constexpr std::uint64_t kFnv1aOffset = 14695981039346656037ULL;
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = kFnv1aOffset) {
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return hash;
}

std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a distance that scales with the word's length, if any.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// Why `name` is not an RFC 1123 label (lowercase alphanumerics and '-', alphanumeric at both
// ends, at most 63 characters), or an empty string when it is one.
std::string dns1123_label_problem(std::string_view name);
// Why `name` is not an RFC 1123 subdomain (labels separated by dots, at most 253 characters).
std::string dns_subdomain_problem(std::string_view name);
// Why `name` is not a Kubernetes extended resource name: `<domain>/<name>`, the domain a DNS
// subdomain outside kubernetes.io, the name at most 63 alphanumerics, '-', '_' and '.'
// (starting and ending alphanumeric), or an empty string when it is one.
std::string extended_resource_problem(std::string_view name);

}  // namespace kmetal
