// The tree a publish or plan makes, as it is emitted: every file's blob id. Folder listings
// (kustomization.yaml) and the lock stay as text, because the plan reads and rewrites them;
// every other file goes into the pack as it comes (gitops/pack.h) and is read back, from the
// pack or from the branch, only when the plan looks at it. A first publish of 10,000 tenants
// so holds ids where it held 150 MiB of manifests.
#pragma once

#include <git2.h>

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace kmetal::gitops {

class NewTree {
 public:
  struct File {
    git_oid id{};
    std::optional<std::string> text;  // set for the files kept as text, stored only if committed
  };
  // Adds bytes to the pack as a blob and gives its id; false, with the error, when it cannot.
  using Store = std::function<bool(const std::string& contents, git_oid& id, std::string& error)>;
  // A blob's bytes; nullopt when it cannot be read.
  using Load = std::function<std::optional<std::string>(const git_oid& id)>;

  NewTree(Store store, Load load) : store_(std::move(store)), load_(std::move(load)) {}

  // Whether a file at `path` is kept as text: folder listings and the lock.
  static bool kept_as_text(const std::string& path);

  // A file as emitted (or rewritten by the plan), replacing any at `path`. After a failure to
  // store one, error() says why.
  void put(const std::string& path, std::string contents);
  // A file whose blob the repository holds (one the branch has).
  void put_blob(const std::string& path, const git_oid& id);

  bool contains(const std::string& path) const { return files_.count(path) > 0; }
  // The blob id at `path`; nullptr when there is no file.
  const git_oid* id(const std::string& path) const;
  // The bytes at `path`; empty when there is no file, or, with error() set, when its blob
  // cannot be read.
  std::string text(const std::string& path) const;
  const std::map<std::string, File>& files() const { return files_; }
  // The first failure to store or read a blob; empty when there was none.
  const std::string& error() const { return error_; }

 private:
  Store store_;
  Load load_;
  std::map<std::string, File> files_;
  mutable std::string error_;
};

}  // namespace kmetal::gitops
