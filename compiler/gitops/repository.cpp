#include "compiler/gitops/repository.h"

#include <git2/sys/odb_backend.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "compiler/gitops/pack.h"

namespace kmetal::gitops {
namespace {

// libgit2's global state, initialised once for the process.
struct Library {
  Library() { git_libgit2_init(); }
  ~Library() { git_libgit2_shutdown(); }
};
void ensure_library() {
  static Library library;
}

template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  ~Owned() {
    if (ptr != nullptr) Free(ptr);
  }
  T** out() { return &ptr; }
};
using Tree = Owned<git_tree, git_tree_free>;
using Odb = Owned<git_odb, git_odb_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Reference = Owned<git_reference, git_reference_free>;
}  // namespace

std::string last_error() {
  const git_error* e = git_error_last();
  return e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error";
}

Repository::~Repository() {
  for (auto& [path, tree] : open_folders_) git_tree_free(tree);
  git_repository_free(repo_);
}

std::unique_ptr<Repository> Repository::open(const std::string& path, std::string& error) {
  ensure_library();
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    error = last_error();
    return nullptr;
  }
  return std::unique_ptr<Repository>(new Repository(repo));
}

bool Repository::bare() const {
  return git_repository_is_bare(repo_) != 0;
}

std::string Repository::path() const {
  return git_repository_path(repo_);
}

std::optional<Snapshot> Repository::read(const std::string& branch, std::string& error) {
  Snapshot s;
  s.branch = branch;
  std::string ref = "refs/heads/" + branch;
  int rc = git_reference_name_to_id(&s.tip, repo_, ref.c_str());
  if (rc == GIT_ENOTFOUND) return s;  // unborn: the first publish creates it
  if (rc != 0) return error = last_error(), std::nullopt;
  s.unborn = false;
  Commit commit;
  if (git_commit_lookup(commit.out(), repo_, &s.tip) != 0)
    return error = last_error(), std::nullopt;
  s.tree = *git_commit_tree_id(commit.ptr);
  return s;
}

bool Repository::list(Snapshot& s, const std::set<std::string>& skip, std::string& error) {
  if (s.unborn) return true;
  Tree tree;
  if (git_tree_lookup(tree.out(), repo_, &s.tree) != 0) return error = last_error(), false;
  struct Walk {
    std::map<std::string, FileEntry>* files;
    const std::set<std::string>* skip;
  } walk{&s.files, &skip};
  // A pre-order walk meets the paths in byte order (git sorts a tree's entries as if each
  // subtree's name ended in '/'), so each one goes in at the end of the map without a search;
  // a tree sorted otherwise still reads correctly, only slower.
  // A skipped folder's callback returns 1, which stops the walk from entering it.
  auto collect = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto* w = static_cast<Walk*>(payload);
    std::string path(root);
    path += git_tree_entry_name(entry);
    if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) return w->skip->count(path) > 0 ? 1 : 0;
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    w->files->emplace_hint(w->files->end(), std::move(path),
                           FileEntry{*git_tree_entry_id(entry), git_tree_entry_filemode(entry)});
    return 0;
  };
  if (git_tree_walk(tree.ptr, GIT_TREEWALK_PRE, collect, &walk) != 0)
    return error = last_error(), false;
  return true;
}

git_tree* Repository::open_folder(const Snapshot& s, const std::string& path) {
  if (!git_oid_equal(&open_folders_tree_, &s.tree)) {  // folders of another snapshot's tree
    for (auto& [folder, tree] : open_folders_) git_tree_free(tree);
    open_folders_.clear();
    open_folders_tree_ = s.tree;
  }
  auto it = open_folders_.find(path);
  if (it != open_folders_.end()) return it->second;
  const git_oid* id = &s.tree;
  if (!path.empty()) {
    const git_tree_entry* entry = folder_entry(s, path);
    if (entry == nullptr) return nullptr;
    id = git_tree_entry_id(entry);
  }
  git_tree* tree = nullptr;
  if (git_tree_lookup(&tree, repo_, id) != 0) return nullptr;
  return open_folders_[path] = tree;
}

const git_tree_entry* Repository::folder_entry(const Snapshot& s, const std::string& path) {
  if (s.unborn) return nullptr;
  std::size_t slash = path.rfind('/');
  git_tree* parent = open_folder(s, slash == std::string::npos ? "" : path.substr(0, slash));
  if (parent == nullptr) return nullptr;
  const git_tree_entry* entry = git_tree_entry_byname(
      parent, slash == std::string::npos ? path.c_str() : path.c_str() + slash + 1);
  return entry != nullptr && git_tree_entry_type(entry) == GIT_OBJECT_TREE ? entry : nullptr;
}

bool Repository::has_folder(const Snapshot& s, const std::string& path) {
  return folder_entry(s, path) != nullptr;
}

std::optional<std::string> Repository::file(const Snapshot& s, const std::string& path,
                                            std::string& error) {
  if (s.unborn) return std::nullopt;
  Tree root;
  git_tree_entry* entry = nullptr;
  if (git_tree_lookup(root.out(), repo_, &s.tree) != 0) return error = last_error(), std::nullopt;
  int rc = git_tree_entry_bypath(&entry, root.ptr, path.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  if (rc != 0) return error = last_error(), std::nullopt;
  std::optional<std::string> out;
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
    error = path + " is not a file";
  } else if (!(out = blob(*git_tree_entry_id(entry)))) {
    error = "cannot read " + path + ": " + last_error();
  }
  git_tree_entry_free(entry);
  return out;
}

std::optional<std::string> Repository::blob(const git_oid& id) {
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo_, &id) != 0) return std::nullopt;
  std::string out(static_cast<const char*>(git_blob_rawcontent(b)),
                  static_cast<std::size_t>(git_blob_rawsize(b)));
  git_blob_free(b);
  return out;
}

Pack* Repository::start_pack(bool in_repository, std::string& error) {
  Odb odb;
  if (git_repository_odb(odb.out(), repo_) != 0) return error = last_error(), nullptr;
  std::string folder;
  if (in_repository) folder = std::string(git_repository_commondir(repo_)) + "objects/pack";
  return pack_ = Pack::attach(odb.ptr, folder, error);
}

std::vector<std::string> Repository::local_changes(const std::string& branch, std::string& error) {
  std::vector<std::string> changed;
  if (bare()) return changed;
  Reference head;
  if (git_reference_lookup(head.out(), repo_, "HEAD") != 0) return error = last_error(), changed;
  const char* target = git_reference_symbolic_target(head.ptr);
  if (target == nullptr || std::string(target) != "refs/heads/" + branch) return changed;
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
  git_status_list* list = nullptr;
  if (git_status_list_new(&list, repo_, &opts) != 0) return error = last_error(), changed;
  for (std::size_t i = 0; i < git_status_list_entrycount(list); ++i) {
    const git_status_entry* e = git_status_byindex(list, i);
    const git_diff_delta* d =
        e->index_to_workdir != nullptr ? e->index_to_workdir : e->head_to_index;
    if (d != nullptr)
      changed.emplace_back(d->new_file.path != nullptr ? d->new_file.path : d->old_file.path);
  }
  git_status_list_free(list);
  return changed;
}

std::optional<git_oid> Repository::write_commit(const std::map<std::string, git_oid>& changed,
                                                const std::vector<std::string>& removed,
                                                const Snapshot& parent, const std::string& message,
                                                const git_signature* author, std::string& error) {
  if (pack_ == nullptr) return error = "no pack was started", std::nullopt;
  Commit parent_commit;
  Tree baseline;
  if (!parent.unborn && (git_commit_lookup(parent_commit.out(), repo_, &parent.tip) != 0 ||
                         git_commit_tree(baseline.out(), parent_commit.ptr) != 0)) {
    return error = last_error(), std::nullopt;
  }
  // Sorted by path (a std::map and a sorted copy of `removed`), which keeps libgit2's own sort
  // of the updates linear.
  std::vector<git_tree_update> updates;
  updates.reserve(changed.size() + removed.size());
  for (const auto& [path, id] : changed) {
    git_tree_update u{};
    u.action = GIT_TREE_UPDATE_UPSERT;
    u.filemode = GIT_FILEMODE_BLOB;
    u.path = path.c_str();
    u.id = id;
    updates.push_back(u);
  }
  for (const std::string& path : removed) {
    git_tree_update u{};
    u.action = GIT_TREE_UPDATE_REMOVE;
    u.path = path.c_str();
    updates.push_back(u);
  }
  std::sort(updates.begin(), updates.end(), [](const git_tree_update& a, const git_tree_update& b) {
    return std::strcmp(a.path, b.path) < 0;
  });
  // The new trees and the commit go into the pack, as the new blobs did.
  git_oid tree_id;
  Tree tree;
  if (git_tree_create_updated(&tree_id, repo_, baseline.ptr, updates.size(), updates.data()) != 0 ||
      git_tree_lookup(tree.out(), repo_, &tree_id) != 0) {
    return error = last_error(), std::nullopt;
  }
  std::vector<const git_commit*> parents;
  if (!parent.unborn) parents.push_back(parent_commit.ptr);
  git_oid commit_id;
  // No update_ref here: the branch moves later, by compare-and-swap.
  if (git_commit_create(&commit_id, repo_, nullptr, author, author, "UTF-8", message.c_str(),
                        tree.ptr, parents.size(), parents.data()) != 0) {
    return error = last_error(), std::nullopt;
  }
  if (!pack_->finish(error)) return std::nullopt;
  return commit_id;
}

RefUpdate Repository::update_branch(const Snapshot& parent, const git_oid& commit,
                                    std::string& error) {
  std::string ref = "refs/heads/" + parent.branch;
  Reference out;
  std::string log = "kmetal publish";
  int rc = parent.unborn
               ? git_reference_create(out.out(), repo_, ref.c_str(), &commit, 0, log.c_str())
               : git_reference_create_matching(out.out(), repo_, ref.c_str(), &commit, 1,
                                               &parent.tip, log.c_str());
  if (rc == 0) return RefUpdate::Ok;
  error = last_error();
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) return RefUpdate::Moved;
  if (rc == GIT_ELOCKED || error.find("lock") != std::string::npos) return RefUpdate::Locked;
  return RefUpdate::Failed;
}

bool Repository::check_out(const Snapshot& parent, const git_oid& commit, std::string& error) {
  if (bare()) return true;
  Reference head;
  if (git_reference_lookup(head.out(), repo_, "HEAD") != 0) return error = last_error(), false;
  const char* target = git_reference_symbolic_target(head.ptr);
  if (target == nullptr || std::string(target) != "refs/heads/" + parent.branch) return true;
  Commit c;
  Tree baseline;
  if (git_commit_lookup(c.out(), repo_, &commit) != 0) return error = last_error(), false;
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  opts.checkout_strategy = GIT_CHECKOUT_SAFE;
  if (!parent.unborn) {
    Commit old;
    if (git_commit_lookup(old.out(), repo_, &parent.tip) != 0 ||
        git_commit_tree(baseline.out(), old.ptr) != 0) {
      return error = last_error(), false;
    }
    opts.baseline = baseline.ptr;
  }
  if (git_checkout_tree(repo_, reinterpret_cast<const git_object*>(c.ptr), &opts) != 0) {
    return error = last_error(), false;
  }
  return true;
}

bool Repository::push(const std::string& remote_name, const std::string& branch,
                      std::string& error) {
  git_remote* remote = nullptr;
  if (git_remote_lookup(&remote, repo_, remote_name.c_str()) != 0 &&
      git_remote_create_anonymous(&remote, repo_, remote_name.c_str()) != 0) {
    return error = last_error(), false;
  }
  std::string spec = "refs/heads/" + branch + ":refs/heads/" + branch;  // no '+': never forced
  char* specs[] = {spec.data()};
  git_strarray refspecs = {specs, 1};
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  std::string rejected;
  opts.callbacks.payload = &rejected;
  opts.callbacks.push_update_reference = [](const char* ref, const char* status,
                                            void* payload) -> int {
    if (status != nullptr) *static_cast<std::string*>(payload) = std::string(ref) + ": " + status;
    return 0;
  };
  int rc = git_remote_push(remote, &refspecs, &opts);
  git_remote_free(remote);
  if (rc != 0) return error = last_error(), false;
  if (!rejected.empty()) return error = "the remote rejected " + rejected, false;
  return true;
}

git_signature* Repository::signature(const std::string& name, const std::string& email,
                                     std::string& error) {
  std::string who = name;
  std::string mail = email;
  if (who.empty() || mail.empty()) {
    git_signature* configured = nullptr;
    if (git_signature_default(&configured, repo_) == 0) {
      if (who.empty()) who = configured->name;
      if (mail.empty()) mail = configured->email;
      git_signature_free(configured);
    }
  }
  if (who.empty() || mail.empty()) {
    error =
        "no author: set user.name and user.email in git config, or pass --author-name and "
        "--author-email";
    return nullptr;
  }
  git_signature* out = nullptr;
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  int rc =
      epoch != nullptr && *epoch != '\0'
          ? git_signature_new(&out, who.c_str(), mail.c_str(), std::strtoll(epoch, nullptr, 10), 0)
          : git_signature_now(&out, who.c_str(), mail.c_str());
  if (rc != 0) {
    error = last_error();
    return nullptr;
  }
  return out;
}

}  // namespace kmetal::gitops
