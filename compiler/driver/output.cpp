#include "compiler/driver/output.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace kmetal::driver {

namespace fs = std::filesystem;

std::string write_tree_atomically(const std::string& dir, const emit::FileTree& tree) {
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::exists(target, ec) && !fs::is_directory(target, ec))
    return dir + " exists and is not a directory";
  fs::create_directories(parent, ec);
  if (ec) return "cannot create " + parent.string() + ": " + ec.message();
  fs::path staging =
      parent / ("." + target.filename().string() + ".kmetal-" + std::to_string(getpid()));
  fs::remove_all(staging, ec);
  for (const auto& [path, contents] : tree) {
    fs::path file = staging / path;
    fs::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << contents;
    if (ec || !out.flush()) {
      fs::remove_all(staging, ec);
      return "cannot write " + file.string();
    }
  }
  if (fs::exists(target, ec)) {
    // Swap the new tree in with one atomic exchange, then delete the old one.
    if (renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
      std::string why = std::error_code(errno, std::generic_category()).message();
      fs::remove_all(staging, ec);
      return "cannot replace " + dir + ": " + why;
    }
    fs::remove_all(staging, ec);
  } else if (std::rename(staging.c_str(), target.c_str()) != 0) {
    std::string why = std::error_code(errno, std::generic_category()).message();
    fs::remove_all(staging, ec);
    return "cannot create " + dir + ": " + why;
  }
  return {};
}

}  // namespace kmetal::driver
