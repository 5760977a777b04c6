#include "compiler/base/text.h"

#include <algorithm>

namespace kmetal {

std::optional<Utf8Error> find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t need = 0;
    char32_t min = 0;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1, min = 0x80, cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2, min = 0x800, cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3, min = 0x10000, cp = c & 0x07u;
    } else {
      return Utf8Error{i, 1};
    }
    for (std::size_t k = 1; k <= need; ++k) {
      if (i + k >= text.size()) return Utf8Error{i, k};
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return Utf8Error{i, k};
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return Utf8Error{i, need + 1};
    i += need + 1;
  }
  return std::nullopt;
}

char32_t decode_utf8(std::string_view text, std::size_t& offset) {
  auto c = static_cast<unsigned char>(text[offset]);
  std::size_t need = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  char32_t cp = need == 0 ? c : need == 1 ? (c & 0x1Fu) : need == 2 ? (c & 0x0Fu) : (c & 0x07u);
  for (std::size_t k = 1; k <= need && offset + k < text.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[offset + k]) & 0x3Fu);
  }
  offset += need + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t code_point) {
  char32_t cp = code_point;
  auto put = [&out](std::uint32_t byte) { out.push_back(static_cast<char>(byte)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6)), put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12)), put(0x80 | ((cp >> 6) & 0x3F)), put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18)), put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F)), put(0x80 | (cp & 0x3F));
  }
}

std::size_t count_code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool is_bidi_control(char32_t code_point) {
  char32_t cp = code_point;
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance: a swapped pair of letters counts as one edit.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    // Ties go to the first candidate in the (sorted, deterministic) list.
    if (distance < best_distance) best_distance = distance, best = candidate;
  }
  return best;
}

std::string dns1123_label_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > 63) {
    return "it is " + std::to_string(name.size()) + " characters long; the limit is 63";
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      if (c >= 'A' && c <= 'Z') return "it contains uppercase letters";
      return "it may contain only lowercase letters, digits and '-'";
    }
  }
  if (name.front() == '-' || name.back() == '-')
    return "it must start and end with a letter or digit";
  return {};
}

std::string dns_subdomain_problem(std::string_view name) {
  if (name.size() > 253) return "it is longer than 253 characters";
  std::string_view rest = name;
  while (true) {
    std::size_t dot = rest.find('.');
    std::string_view label = rest.substr(0, dot);
    std::string problem = dns1123_label_problem(label);
    if (!problem.empty()) return "label \"" + std::string(label) + "\": " + problem;
    if (dot == std::string_view::npos) return {};
    rest = rest.substr(dot + 1);
  }
}

std::string extended_resource_problem(std::string_view name) {
  std::size_t slash = name.find('/');
  if (slash == std::string_view::npos) return "it has no `<domain>/` prefix";
  std::string_view domain = name.substr(0, slash);
  std::string_view rest = name.substr(slash + 1);
  std::string problem = dns_subdomain_problem(domain);
  if (!problem.empty()) return "its domain, " + problem;
  bool kubernetes = domain == "kubernetes.io" ||
                    (domain.size() > 14 && domain.substr(domain.size() - 14) == ".kubernetes.io");
  if (kubernetes) {
    return "the kubernetes.io domain is Kubernetes' own";
  }
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  bool ok = !rest.empty() && rest.size() <= 63 && alnum(rest.front()) && alnum(rest.back());
  for (char c : rest) ok = ok && (alnum(c) || c == '-' || c == '_' || c == '.');
  if (!ok) {
    return "the part after `/` must be 1 to 63 letters, digits, '-', '_' and '.', starting and "
           "ending with a letter or digit";
  }
  return {};
}

}  // namespace kmetal
