// The git side of publish and plan, over libgit2 (no shelling out to git): read a branch's
// files, write a commit's objects, move the branch with compare-and-swap, bring a non-bare
// work tree along, push. Every failure comes back as a message; nothing here exits or prints.
#pragma once

#include <git2.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/gitops/pack.h"
#include "compiler/gitops/remote.h"

namespace kmetal::gitops {

struct FileEntry {
  git_oid blob{};
  git_filemode_t mode = GIT_FILEMODE_BLOB;
};

// A branch as read at the start of a run: its tip (none when unborn) and its tree; `files` is
// filled by list().
struct Snapshot {
  std::string branch;
  bool unborn = true;
  git_oid tip{};
  git_oid tree{};
  std::map<std::string, FileEntry> files;  // path -> blob
};

enum class RefUpdate { Ok, Moved, Locked, Failed };

class Repository {
 public:
  ~Repository();
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;

  // nullptr and `error` set when `path` is not a git repository.
  static std::unique_ptr<Repository> open(const std::string& path, std::string& error);

  bool bare() const;
  // The branch HEAD names (also when it has no commit yet); nullopt when HEAD is detached or
  // names no branch.
  std::optional<std::string> head_branch() const;
  // The branch's tip and tree, without its files.
  std::optional<Snapshot> read(const std::string& branch, std::string& error);
  // Fills `snapshot.files` with every file of its tree but those below the folders in `skip`.
  bool list(Snapshot& snapshot, const std::set<std::string>& skip, std::string& error);
  // The contents of the file at `path` in the snapshot's tree; nullopt when there is none, and
  // also, with `error` set, when it cannot be read.
  std::optional<std::string> file(const Snapshot& snapshot, const std::string& path,
                                  std::string& error);
  // Whether the snapshot's tree has a folder at `path`. The folders above it stay open for the
  // next lookup, so asking for every tenant's folder reads each large parent folder once.
  bool has_folder(const Snapshot& snapshot, const std::string& path);
  // A blob's bytes, from the repository or the pack being written; nullopt when unreadable.
  std::optional<std::string> blob(const git_oid& id);

  // Starts the pack that this run's new objects go to (gitops/pack.h): in objects/pack when
  // `in_repository` (publish), else in an anonymous temporary file (plan). nullptr and `error`
  // on failure.
  Pack* start_pack(bool in_repository, std::string& error);

  // Paths of the work tree that differ from HEAD (modified, staged, untracked, deleted), when
  // HEAD is `branch` in a non-bare repository; empty otherwise.
  std::vector<std::string> local_changes(const std::string& branch, std::string& error);

  // Writes the commit whose tree is `parent`'s with the blobs of `changed` (path -> blob id,
  // each in the repository or the pack) added or replaced and `removed` deleted (directories
  // left empty go too), and finishes the pack that start_pack() began. Untouched subtrees keep
  // their ids, so the work follows the size of the change, not of the tree. Objects only: no
  // reference moves.
  std::optional<git_oid> write_commit(const std::map<std::string, git_oid>& changed,
                                      const std::vector<std::string>& removed,
                                      const Snapshot& parent, const std::string& message,
                                      const git_signature* author, std::string& error);

  // Moves refs/heads/<branch> to `commit` only if it still is where `parent` saw it.
  RefUpdate update_branch(const Snapshot& parent, const git_oid& commit, std::string& error);

  // After the branch moved: if HEAD is that branch in a non-bare repository, updates the index
  // and the work tree from `parent`'s tree to `commit`'s.
  bool check_out(const Snapshot& parent, const git_oid& commit, std::string& error);

  // Pushes the branch (never forced) to a configured remote or a path/URL, authenticating and
  // checking the server as `access` and the environment say (gitops/remote.h). A ref the
  // server rejects is an error with the server's words; no message holds a password.
  bool push(const std::string& remote, const std::string& branch, const RemoteAccess& access,
            std::string& error);

  // The author and committer: `name`/`email` if given, else the repository's git config;
  // the time is SOURCE_DATE_EPOCH when set, else now.
  git_signature* signature(const std::string& name, const std::string& email, std::string& error);

  std::string path() const;

 private:
  explicit Repository(git_repository* repo) : repo_(repo) {}
  git_tree* open_folder(const Snapshot& snapshot, const std::string& path);
  const git_tree_entry* folder_entry(const Snapshot& snapshot, const std::string& path);
  git_repository* repo_;
  Pack* pack_ = nullptr;                           // owned by the repository's object database
  std::map<std::string, git_tree*> open_folders_;  // "" is the snapshot's root
  git_oid open_folders_tree_{};                    // the root tree they were opened from
};

// The last libgit2 error as text.
std::string last_error();

}  // namespace kmetal::gitops
