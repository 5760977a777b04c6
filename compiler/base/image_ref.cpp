#include "compiler/base/image_ref.h"

namespace kmetal {
namespace {

bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool alnum(char c) {
  return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}
bool word(char c) {
  return alnum(c) || c == '_';
}

// A path component: lowercase alphanumerics joined by one `.`, one or two `_`, or `-`s.
std::string component_problem(std::string_view c) {
  if (c.empty()) return "it has an empty path component";
  for (char ch : c) {
    if (ch >= 'A' && ch <= 'Z') {
      return "path component `" + std::string(c) + "` has uppercase letters";
    }
  }
  if (!lower_alnum(c.front()) || !lower_alnum(c.back())) {
    return "path component `" + std::string(c) +
           "` must start and end with a lowercase letter or digit";
  }
  for (std::size_t i = 0; i < c.size(); ++i) {
    char ch = c[i];
    if (lower_alnum(ch) || ch == '-') continue;
    if (ch == '.' && lower_alnum(c[i + 1])) continue;
    if (ch == '_' && (lower_alnum(c[i + 1]) || (c[i + 1] == '_' && lower_alnum(c[i + 2])))) {
      if (c[i + 1] == '_') ++i;
      continue;
    }
    return "path component `" + std::string(c) + "` has `" + std::string(1, ch) +
           "` where only lowercase letters, digits and single separators belong";
  }
  return {};
}

// host[:port], host being DNS labels (letters, digits, '-') separated by dots.
std::string registry_problem(std::string_view r) {
  std::string_view host = r;
  std::size_t colon = r.find(':');
  bool bracketed = !r.empty() && r.front() == '[';
  if (bracketed) {  // an IPv6 address in brackets
    std::size_t close = r.find(']');
    std::string_view inside = r.substr(1, close == std::string_view::npos ? 0 : close - 1);
    if (close == std::string_view::npos || inside.empty() ||
        inside.find_first_not_of("0123456789abcdefABCDEF:") != std::string_view::npos) {
      return "registry host `" + std::string(r) + "` is not a bracketed IPv6 address";
    }
    colon = close + 1 < r.size() ? close + 1 : std::string_view::npos;
    if (colon != std::string_view::npos && r[colon] != ':') {
      return "registry `" + std::string(r) + "` has text after its address";
    }
  }
  if (colon != std::string_view::npos) {
    host = r.substr(0, colon);
    std::string_view port = r.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string_view::npos) {
      return "registry port `" + std::string(port) + "` is not a number";
    }
  }
  std::size_t start = 0;
  while (!bracketed && start <= host.size()) {
    std::size_t dot = host.find('.', start);
    std::string_view label = host.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || !alnum(label.front()) || !alnum(label.back())) {
      return "registry host `" + std::string(host) + "` is not a host name";
    }
    for (char ch : label) {
      if (!alnum(ch) && ch != '-') {
        return "registry host `" + std::string(host) + "` is not a host name";
      }
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return {};
}

bool is_hex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string parse_image_ref(std::string_view text, ImageRef& out) {
  if (text.empty()) return "it is empty";
  if (std::size_t scheme = text.find("://"); scheme != std::string_view::npos) {
    return "it starts with the scheme `" + std::string(text.substr(0, scheme + 3)) +
           "`; write the reference alone (kmetal adds what the importer needs)";
  }
  ImageRef ref;
  std::string_view rest = text;
  if (std::size_t at = rest.find('@'); at != std::string_view::npos) {
    std::string_view digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
    std::size_t colon = digest.find(':');
    std::string_view algorithm = digest.substr(0, colon);
    std::string_view hex = colon == std::string_view::npos ? "" : digest.substr(colon + 1);
    if (algorithm != "sha256" || hex.size() != 64 || !is_hex(hex)) {
      return "digest `" + std::string(digest) + "` is not sha256: and 64 lowercase hex digits";
    }
    ref.digest = std::string(digest);
  }
  std::size_t slash = rest.find('/');
  std::string_view first = rest.substr(0, slash);
  bool is_registry = first.find('.') != std::string_view::npos ||
                     first.find(':') != std::string_view::npos || first == "localhost";
  if (slash == std::string_view::npos || !is_registry) {
    return "it does not name its registry (such as `quay.io/` or `docker.io/library/`), so which "
           "image a node pulls would depend on its container runtime's configuration";
  }
  if (std::string why = registry_problem(first); !why.empty()) return why;
  ref.registry = std::string(first);
  std::string_view path = rest.substr(slash + 1);
  // A tag follows the last ':' of the path (a ':' before the first '/' was the port).
  if (std::size_t colon = path.rfind(':'); colon != std::string_view::npos) {
    std::string_view tag = path.substr(colon + 1);
    path = path.substr(0, colon);
    bool ok = !tag.empty() && tag.size() <= 128 && word(tag.front());
    for (char ch : tag) ok = ok && (word(ch) || ch == '.' || ch == '-');
    if (!ok) {
      return "tag `" + std::string(tag) +
             "` is not 1 to 128 letters, digits, `_`, `.` and `-` starting with a letter, digit "
             "or `_`";
    }
    ref.tag = std::string(tag);
  }
  std::size_t start = 0;
  while (true) {
    std::size_t next = path.find('/', start);
    std::string why = component_problem(path.substr(start, next - start));
    if (!why.empty()) return why;
    if (next == std::string_view::npos) break;
    start = next + 1;
  }
  if (ref.registry.size() + 1 + path.size() > 255) {
    return "its name is longer than 255 characters";
  }
  if (ref.tag.empty() && ref.digest.empty()) {
    return "it has no tag or digest; an implicit `latest` could change under a running "
           "MachineDeployment";
  }
  ref.repository = std::string(path);
  out = std::move(ref);
  return {};
}

}  // namespace kmetal
