#include "compiler/gitops/new_tree.h"

namespace kmetal::gitops {

bool NewTree::kept_as_text(const std::string& path) {
  return path == "kmetal.lock" || path.substr(path.rfind('/') + 1) == "kustomization.yaml";
}

void NewTree::put(const std::string& path, std::string contents) {
  File file;
  if (kept_as_text(path)) {
    git_odb_hash(&file.id, contents.data(), contents.size(), GIT_OBJECT_BLOB);
    file.text = std::move(contents);
  } else if (!error_.empty()) {
    return;
  } else if (std::string error; !store_(contents, file.id, error)) {
    error_ = std::move(error);
    return;
  }
  files_[path] = std::move(file);
}

void NewTree::put_blob(const std::string& path, const git_oid& id) {
  files_[path] = File{id, std::nullopt};
}

const git_oid* NewTree::id(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second.id;
}

std::string NewTree::text(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return {};
  if (it->second.text) return *it->second.text;
  std::optional<std::string> bytes = load_(it->second.id);
  if (!bytes && error_.empty()) error_ = "cannot read the new " + path + " back";
  return bytes.value_or(std::string());
}

}  // namespace kmetal::gitops
