// Kubernetes versions (MAJOR.MINOR.PATCH) as one value type with one parser, shared by the
// front end (which reports a bad version at its span), the lock reader and the IR.
//   "1.31.4" -> {1, 31, 4};  "1.31.1234567" -> "patch 1234567 has more than 5 digits"
#pragma once

#include <string>
#include <string_view>

namespace kmetal {

struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;
  std::string to_string() const;
  friend bool operator<(const Version& a, const Version& b);
  friend bool operator==(const Version& a, const Version& b);
};

// Each part is a decimal number of at most five digits without leading zeros.
inline constexpr std::size_t kMaxVersionDigits = 5;

// Parses `text` into `out`; returns why it is not a version, or an empty string.
std::string parse_version(std::string_view text, Version& out);

}  // namespace kmetal
