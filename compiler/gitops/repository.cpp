#include "compiler/gitops/repository.h"

#include <git2/sys/odb_backend.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>

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

std::optional<std::string> Repository::head_branch() const {
  Reference head;
  if (git_reference_lookup(head.out(), repo_, "HEAD") != 0) return std::nullopt;
  const char* target = git_reference_symbolic_target(head.ptr);
  std::string prefix = "refs/heads/";
  if (target == nullptr || std::string(target).rfind(prefix, 0) != 0) return std::nullopt;
  return std::string(target + prefix.size());
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

namespace {

// What the callbacks of one push share: the remote, what kmetal may offer it, and what it
// answered.
struct PushSession {
  RemoteUrl url;
  const RemoteAccess* access = nullptr;
  std::string git_dir;
  bool key_tried = false;
  bool agent_tried = false;
  bool token_tried = false;
  bool helper_tried = false;
  std::optional<Token> token;  // the credentials last offered over HTTPS
  std::string failure;         // kmetal's own account of why the push stopped
  std::string remote_said;     // the server's side-band messages
  std::string rejected;        // ref: status, for every ref the server refused
};

std::string where(const RemoteUrl& url) {
  return url.port != 0 ? url.host + ":" + std::to_string(url.port) : url.host;
}

bool is_rsa_key(const std::string& private_key) {
  std::ifstream pub(private_key + ".pub");
  std::string type;
  return pub >> type && type == "ssh-rsa";
}

int offer_credentials(git_credential** out, const char* url, const char* user_from_url,
                      unsigned int allowed, void* payload) {
  auto* s = static_cast<PushSession*>(payload);
  std::string user = user_from_url != nullptr && *user_from_url != '\0' ? user_from_url : "git";
  if ((allowed & GIT_CREDENTIAL_USERNAME) != 0)
    return git_credential_username_new(out, user.c_str());
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
    // The key file, then the agent, each once: libgit2 asks again after every refusal.
    if (!s->access->ssh_key.empty() && !s->key_tried) {
      s->key_tried = true;
      std::string pub = s->access->ssh_key + ".pub";
      const char* passphrase = std::getenv("KMETAL_SSH_PASSPHRASE");
      return git_credential_ssh_key_new(
          out, user.c_str(), std::ifstream(pub) ? pub.c_str() : nullptr, s->access->ssh_key.c_str(),
          passphrase != nullptr ? passphrase : "");
    }
    const char* agent = std::getenv("SSH_AUTH_SOCK");
    if (s->access->ssh_key.empty() && agent != nullptr && *agent != '\0' && !s->agent_tried) {
      s->agent_tried = true;
      return git_credential_ssh_key_from_agent(out, user.c_str());
    }
    if (s->key_tried) {
      s->failure = "the server " + where(s->url) + " refused the key " + s->access->ssh_key +
                   " for user " + user;
      if (is_rsa_key(s->access->ssh_key)) {
        s->failure +=
            ": it is an RSA key, which this libssh2 signs with SHA-1 only, and OpenSSH 8.8 and "
            "later refuse such signatures; use an ed25519 or ECDSA key";
      }
    } else if (s->agent_tried) {
      s->failure =
          "the server " + where(s->url) + " refused every key of the ssh-agent for user " + user;
    } else {
      s->failure = "no SSH key for " + where(s->url) +
                   ": pass --ssh-key FILE, or run an ssh-agent (SSH_AUTH_SOCK)";
    }
    return GIT_EAUTH;
  }
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0) {
    // A token from the environment, then git's credential helpers, each once.
    auto parsed = parse_remote_url(url);
    RemoteUrl target = parsed ? *parsed : s->url;
    if (!s->token_tried) {
      s->token_tried = true;
      if ((s->token = token_for(target, [](const char* n) { return std::getenv(n); }))) {
        return git_credential_userpass_plaintext_new(out, s->token->username.c_str(),
                                                     s->token->secret.c_str());
      }
    }
    if (!s->helper_tried) {
      s->helper_tried = true;
      if (auto helper = credential_fill(target, s->git_dir)) {
        s->token = std::move(helper);
        return git_credential_userpass_plaintext_new(out, s->token->username.c_str(),
                                                     s->token->secret.c_str());
      }
    }
    if (s->token) {
      s->failure = "the server " + where(s->url) + " refused the credentials of " +
                   s->token->source + " for user " + s->token->username;
      if (s->token->source == "git credential fill")
        credential_report(target, *s->token, s->git_dir, false);
    } else {
      s->failure = "no credentials for " + where(s->url) +
                   ": set KMETAL_GIT_TOKEN (and KMETAL_GIT_USERNAME if the server needs a user), "
                   "or configure a git credential helper";
    }
    return GIT_EAUTH;
  }
  s->failure = "the server " + where(s->url) + " asks for an authentication kmetal cannot offer";
  return GIT_EAUTH;
}

// SSH host keys are checked against the known_hosts file, never accepted blindly; TLS
// certificates as libgit2 verified them against the CA bundle.
int check_server(git_cert* cert, int valid, const char* host, void* payload) {
  auto* s = static_cast<PushSession*>(payload);
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
    if (valid == 0) {
      s->failure = "the TLS certificate of " + std::string(host) +
                   " is not trusted: pass the CA that signed it with --ca-bundle FILE";
      return GIT_ECERTIFICATE;
    }
    return 0;
  }
  const auto* key = reinterpret_cast<const git_cert_hostkey*>(cert);
  std::string file = s->access->known_hosts;
  if (file.empty()) {
    const char* home = std::getenv("HOME");
    file = std::string(home != nullptr ? home : "") + "/.ssh/known_hosts";
  }
  std::ifstream in(file, std::ios::binary);
  std::string known((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if ((key->type & GIT_CERT_SSH_RAW) == 0) {
    s->failure = "cannot read the host key of " + where(s->url);
    return GIT_ECERTIFICATE;
  }
  std::string blob(key->hostkey, key->hostkey_len);
  switch (check_host_key(known, s->url.host, s->url.port, blob)) {
    case HostKey::Trusted:
      return 0;
    case HostKey::Unknown:
      s->failure = "the host key of " + where(s->url) + " is not in " + file +
                   ": check it, then add it (ssh-keyscan" +
                   (s->url.port != 0 ? " -p " + std::to_string(s->url.port) : "") + " " +
                   s->url.host + ")";
      break;
    case HostKey::Changed:
      s->failure = "the host key of " + where(s->url) + " does not match the one in " + file +
                   ": the server changed its key, or someone is in between";
      break;
    case HostKey::Revoked:
      s->failure = "the host key of " + where(s->url) + " is revoked in " + file;
      break;
  }
  return GIT_ECERTIFICATE;
}

}  // namespace

bool Repository::push(const std::string& remote_name, const std::string& branch,
                      const RemoteAccess& access, std::string& error) {
  git_remote* remote = nullptr;
  if (git_remote_lookup(&remote, repo_, remote_name.c_str()) != 0 &&
      git_remote_create_anonymous(&remote, repo_, remote_name.c_str()) != 0) {
    return error = redact(last_error()), false;
  }
  std::unique_ptr<git_remote, void (*)(git_remote*)> owned(remote, git_remote_free);
  const char* push_url = git_remote_pushurl(remote);
  std::string url = push_url != nullptr ? push_url : git_remote_url(remote);
  PushSession session;
  session.access = &access;
  session.git_dir = git_repository_path(repo_);
  auto parsed = parse_remote_url(url);
  if (!parsed) return error = "cannot read the remote's address " + redact(url), false;
  session.url = *parsed;
  if (!access.ca_bundle.empty()) {
    if (!std::ifstream(access.ca_bundle) ||
        git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, access.ca_bundle.c_str(), nullptr) != 0) {
      return error = "cannot read the CA bundle " + access.ca_bundle, false;
    }
  }
  std::string spec = "refs/heads/" + branch + ":refs/heads/" + branch;  // no '+': never forced
  char* specs[] = {spec.data()};
  git_strarray refspecs = {specs, 1};
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  opts.callbacks.payload = &session;
  opts.callbacks.credentials = offer_credentials;
  opts.callbacks.certificate_check = check_server;
  opts.callbacks.sideband_progress = [](const char* text, int length, void* payload) -> int {
    auto* s = static_cast<PushSession*>(payload);
    if (s->remote_said.size() < 8192) s->remote_said.append(text, static_cast<std::size_t>(length));
    return 0;
  };
  opts.callbacks.push_update_reference = [](const char* ref, const char* status,
                                            void* payload) -> int {
    auto* s = static_cast<PushSession*>(payload);
    if (status != nullptr) {
      s->rejected += (s->rejected.empty() ? "" : "; ") + std::string(ref) + ": " + status;
    }
    return 0;
  };
  int rc = git_remote_push(remote, &refspecs, &opts);
  if (session.token && session.token->source == "git credential fill" && rc == 0) {
    credential_report(session.url, *session.token, session.git_dir, true);
  }
  // The server's own words, one line each, without the progress lines it redraws.
  std::string said;
  std::size_t start = 0;
  while (start < session.remote_said.size()) {
    std::size_t end = session.remote_said.find_first_of("\r\n", start);
    if (end == std::string::npos) end = session.remote_said.size();
    std::string line = session.remote_said.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    said += (said.empty() ? "" : " | ") + line;
  }
  if (rc != 0) {
    error = session.failure.empty() ? last_error() : session.failure;
  } else if (!session.rejected.empty()) {
    error = "the remote rejected " + session.rejected;
  } else {
    return true;
  }
  if (!said.empty()) error += " (the remote said: " + said + ")";
  error = redact(error);
  if (session.token) {  // never echoed, whatever the server or libgit2 wrote
    const std::string& secret = session.token->secret;
    for (std::size_t at = 0; !secret.empty() && (at = error.find(secret, at)) != std::string::npos;
         at += 3) {
      error.replace(at, secret.size(), "***");
    }
  }
  return false;
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
