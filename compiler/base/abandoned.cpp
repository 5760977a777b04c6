#include "compiler/base/abandoned.h"

#include <signal.h>

#include <cerrno>
#include <filesystem>

namespace kmetal {

void remove_abandoned(const std::string& folder, const std::string& prefix) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    // PREFIX<pid>, or PREFIX<pid>-<anything> (a random part after the pid).
    std::string digits = name.substr(prefix.size());
    digits = digits.substr(0, digits.find('-'));
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

}  // namespace kmetal
