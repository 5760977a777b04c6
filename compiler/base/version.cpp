#include "compiler/base/version.h"

#include <array>
#include <tuple>

namespace kmetal {

std::string Version::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}
bool operator<(const Version& a, const Version& b) {
  return std::tie(a.major, a.minor, a.patch) < std::tie(b.major, b.minor, b.patch);
}
bool operator==(const Version& a, const Version& b) {
  return std::tie(a.major, a.minor, a.patch) == std::tie(b.major, b.minor, b.patch);
}

std::string parse_version(std::string_view text, Version& out) {
  static constexpr std::array<const char*, 3> kPart = {"major", "minor", "patch"};
  std::array<int, 3> parts{};
  std::size_t index = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '.') {
      if (text[i] < '0' || text[i] > '9') {
        return "`" + std::string(1, text[i]) + "` is not a digit or a dot";
      }
      continue;
    }
    if (index == 3) return "it has more than three parts";
    std::string_view digits = text.substr(start, i - start);
    if (digits.empty()) return std::string("the ") + kPart[index] + " part is empty";
    if (digits.size() > kMaxVersionDigits) {
      return std::string(kPart[index]) + " " + std::string(digits) + " has more than " +
             std::to_string(kMaxVersionDigits) + " digits";
    }
    if (digits.size() > 1 && digits[0] == '0') {
      return std::string(kPart[index]) + " " + std::string(digits) + " has a leading zero";
    }
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    parts[index++] = value;
    start = i + 1;
  }
  if (index != 3) return "it has " + std::to_string(index) + " part" + (index == 1 ? "" : "s");
  out = Version{parts[0], parts[1], parts[2]};
  return {};
}

}  // namespace kmetal
