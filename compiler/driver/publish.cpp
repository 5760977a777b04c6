#include "compiler/driver/publish.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "compiler/base/diagnostics.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/reports.h"
#include "compiler/gitops/plan.h"
#include "compiler/gitops/repository.h"
#include "compiler/ir/lock.h"

namespace kmetal::driver {
namespace {

enum ExitCode { kOk = 0, kDiagnostics = 1, kChanges = 2, kIo = 4 };

// Everything plan and publish share: the branch as read, the new tree, the plan.
struct Prepared {
  std::unique_ptr<gitops::Repository> repo;
  gitops::Snapshot snapshot;
  gitops::Paths owned;           // paths of the branch kmetal owns, but for reused tenants
  gitops::Pack* pack = nullptr;  // where the new tree's blobs go as they are emitted
  std::optional<gitops::NewTree> tree;
  gitops::Plan plan;
  std::string platform;
};

// Whether the branch holds a tenant's folders, so the tenant need not be lowered when its
// fingerprint is the one the branch's lock records (a tenant carrying a previous template
// generation has none there: gitops::unsettle_fingerprints). The folders' contents are not
// compared: an edit made on the branch by hand inside them stays until the tenant changes, or
// a publish with `--full`.
bool reusable(gitops::Repository& repo, const gitops::Snapshot& snapshot,
              const std::string& platform, const ir::Tenant& t) {
  return repo.has_folder(snapshot, ir::tenant_platform_folder(platform, t.name)) &&
         repo.has_folder(snapshot, ir::tenant_folder(t.name));
}

// Whether the branch holds `id` at `path`.
bool branch_holds(const gitops::Snapshot& branch, const std::string& path, const git_oid* id) {
  auto it = branch.files.find(path);
  return it != branch.files.end() && id != nullptr && git_oid_equal(id, &it->second.blob) != 0;
}

// Repository errors have no source location: they are reported against the --repo path.
template <typename Kind, typename... Args>
Diagnostic& repo_error(DiagnosticEngine& diags, const GitOptions& o, Kind kind,
                       const Args&... args) {
  Diagnostic& d = diags.report(kind, SourceSpan{}, args...);
  d.path = o.repo;
  return d;
}

// The branch's lock file as the user names the repository (never an absolute path of ours).
std::string lock_file(const GitOptions& o, const gitops::Repository& repo) {
  return o.repo + (repo.bare() ? "/" : "/.git/") + "refs/heads/" + o.branch + ".lock";
}

// `publishing`: the new blobs go into a pack in the repository, which the commit completes;
// plan's go into a temporary file and leave the repository as it was.
// Without --branch, the branch is the one the repository's HEAD names, as git's own commands
// take it, and `main` when HEAD names none; `o.branch` says which from here on.
bool prepare(GitOptions& o, bool publishing, Prepared& p, SourceManager& sources,
             DiagnosticEngine& diags) {
  std::string error;
  p.repo = gitops::Repository::open(o.repo, error);
  if (!p.repo) {
    repo_error(diags, o, DiagKind::repository_error,
               "cannot open repository " + o.repo + ": " + error);
    return false;
  }
  if (o.branch.empty()) o.branch = p.repo->head_branch().value_or("main");
  auto snapshot = p.repo->read(o.branch, error);
  if (!snapshot) {
    repo_error(diags, o, DiagKind::repository_error,
               "cannot read branch " + o.branch + ": " + error);
    return false;
  }
  p.snapshot = std::move(*snapshot);
  gitops::Repository& repo = *p.repo;
  p.pack = repo.start_pack(publishing, error);
  if (p.pack == nullptr) {
    repo_error(diags, o, DiagKind::repository_error, error);
    return false;
  }
  p.tree.emplace([pack = p.pack](const std::string& contents, git_oid& id,
                                 std::string& why) { return pack->add_blob(contents, id, why); },
                 [&repo](const git_oid& id) { return repo.blob(id); });
  gitops::NewTree& tree = *p.tree;
  // The branch's lock keeps every `auto` allocation where it was, and its fingerprints say
  // which tenants need not be lowered again. Only then are the branch's files listed, without
  // the folders of those tenants: they stay as they are.
  CompileOptions compile_options;
  compile_options.in.input = o.input;
  std::map<std::string, std::string> blobs;  // each blob of the branch read once: see `read`
  if (auto lock = repo.file(p.snapshot, "kmetal.lock", error)) {
    compile_options.in.lock_text = blobs["kmetal.lock"] = std::move(*lock);
    compile_options.in.lock_display = o.branch + ":kmetal.lock";
  } else if (!error.empty()) {
    repo_error(diags, o, DiagKind::repository_error,
               "cannot read branch " + o.branch + ": " + error);
    return false;
  }
  compile_options.stop_after = Phase::Emit;
  compile_options.sink = [&tree](const std::string& path, std::string contents) {
    tree.put(path, std::move(contents));
  };
  if (!o.full) {
    compile_options.reuse = [&p](const ir::Platform& platform, const ir::Tenant& t) {
      return reusable(*p.repo, p.snapshot, platform.name, t);
    };
  }
  Compilation result = compile(compile_options, sources, diags);
  if (!result.emitted) return false;
  p.platform = result.summary->platform;
  if (!tree.error().empty()) {
    repo_error(diags, o, DiagKind::repository_error, tree.error());
    return false;
  }
  if (!repo.list(p.snapshot, {result.kept.begin(), result.kept.end()}, error)) {
    repo_error(diags, o, DiagKind::repository_error,
               "cannot read branch " + o.branch + ": " + error);
    return false;
  }
  const auto& files = p.snapshot.files;
  // Each blob of the branch is read at most once: the lock, and the manifests the plan compares.
  std::string unreadable;
  auto read = [&](const std::string& path) -> const std::string& {
    auto cached = blobs.find(path);
    if (cached != blobs.end()) return cached->second;
    auto it = files.find(path);
    std::optional<std::string> bytes;
    if (it != files.end() && !(bytes = repo.blob(it->second.blob)) && unreadable.empty())
      unreadable = "cannot read " + path + " of branch " + o.branch + ": " + gitops::last_error();
    return blobs[path] = bytes.value_or(std::string());
  };
  auto same = [&p, &tree](const std::string& path) {
    return branch_holds(p.snapshot, path, tree.id(path));
  };
  for (const auto& [path, entry] : files) {
    if (gitops::owned_path(path, p.platform)) p.owned.insert(p.owned.end(), path);
  }
  gitops::keep_previous_generation(tree, p.platform, files, read, same);
  gitops::unsettle_fingerprints(tree);
  // Pruning old templates alone is no reason to commit: it waits for the next real change. Nor
  // is a fingerprint the lock gains once the tenant's previous generation is gone.
  auto same_but_fingerprints = [&](const std::string& path) {
    if (same(path)) return true;
    return path == "kmetal.lock" && ir::without_fingerprints(read(path), nullptr) ==
                                        ir::without_fingerprints(tree.text(path), nullptr);
  };
  if (gitops::only_prunes(p.owned, same_but_fingerprints, tree)) {
    gitops::keep_previous_generation(tree, p.platform, files, read, same, true);
    gitops::unsettle_fingerprints(tree);
  }
  p.plan = gitops::make_plan(p.owned, read, same, tree);
  for (const std::string& why : {unreadable, tree.error()}) {
    if (why.empty()) continue;
    repo_error(diags, o, DiagKind::repository_error, why);
    return false;
  }
  p.plan.tenants_reused = result.summary->reused;
  return true;
}

// What plan and publish print. Text: the plan and each step on stdout as they happen, the
// diagnostics on stderr. JSON (--format json): one document on stdout at the end, the
// diagnostics in it as `check --format json` prints them, so a CI step reads the outcome and
// the errors from one place.
class Output {
 public:
  Output(const GitOptions& o, const DiagnosticEngine& diags, const SourceManager& sources)
      : o_(o), diags_(diags), sources_(sources), json_(o.format == "json") {
    doc_["branch"] = nullptr;
  }
  bool json() const { return json_; }
  void text(const std::string& s) const {
    if (!json_) std::cout << s;
  }
  nlohmann::ordered_json& operator[](const char* key) { return doc_[key]; }
  // Prints what is left (the document, or the diagnostics) and returns the exit code.
  int done() {
    std::vector<Diagnostic> sorted = diags_.sorted();
    if (json_) {
      if (!o_.branch.empty()) doc_["branch"] = o_.branch;
      doc_["diagnostics"] = nlohmann::ordered_json::parse(render_json(sorted, sources_));
      std::cout << doc_.dump(2) << "\n";
    } else {
      std::cerr << render_text(sorted, sources_, {use_color(o_.color), 20});
    }
    if (diags_.has_io_errors()) return kIo;
    return diags_.has_errors() ? kDiagnostics : kOk;
  }

 private:
  const GitOptions& o_;
  const DiagnosticEngine& diags_;
  const SourceManager& sources_;
  bool json_;
  nlohmann::ordered_json doc_;
};

std::string commit_message(const GitOptions& o, const Prepared& p) {
  std::string message = o.message.empty() ? "kmetal: publish platform " + p.platform : o.message;
  message += "\n\n";
  for (const gitops::Change& c : p.plan.platform) message += "platform: " + c.text + "\n";
  for (const gitops::TenantPlan& t : p.plan.tenants) {
    for (const gitops::Change& c : t.changes) message += t.name + ": " + c.text + "\n";
  }
  message += "files: " + std::to_string(p.plan.files_added) + " added, " +
             std::to_string(p.plan.files_changed) + " changed, " +
             std::to_string(p.plan.files_removed) + " removed\n";
  return message;
}

}  // namespace

int run_plan(GitOptions o) {
  SourceManager sources;
  DiagnosticEngine diags;
  Output out(o, diags, sources);
  Prepared p;
  if (!prepare(o, false, p, sources, diags)) return out.done();
  out.text(gitops::render_plan(p.plan));
  // JSON: the plan's fields at the top, beside the branch and the diagnostics.
  nlohmann::ordered_json plan = nlohmann::ordered_json::parse(gitops::render_plan_json(p.plan));
  for (auto& [key, value] : plan.items()) out[key.c_str()] = value;
  int code = out.done();
  return code != kOk ? code : p.plan.has_changes() ? kChanges : kOk;
}

int run_publish(GitOptions o) {
  SourceManager sources;
  DiagnosticEngine diags;
  Output out(o, diags, sources);
  out["plan"] = nullptr;
  out["commit"] = nullptr;
  out["pushed"] = nullptr;
  Prepared p;
  if (!prepare(o, true, p, sources, diags)) return out.done();
  std::string error;
  std::vector<std::string> dirty;
  for (const std::string& path : p.repo->local_changes(o.branch, error)) {
    if (gitops::owned_path(path, p.platform)) dirty.push_back(path);
  }
  if (!error.empty()) repo_error(diags, o, DiagKind::repository_error, error);
  if (!dirty.empty()) {
    std::string list;
    for (std::size_t i = 0; i < dirty.size() && i < 5; ++i) list += (i ? ", " : "") + dirty[i];
    if (dirty.size() > 5) list += ", ...";
    repo_error(diags, o, DiagKind::local_changes, list);
  }
  if (diags.has_errors()) return out.done();
  auto push = [&]() {
    if (o.push.empty()) return;
    if (p.repo->push(o.push, o.branch, o.access, error)) {
      out.text("Pushed " + o.branch + " to " + gitops::redact(o.push) + ".\n");
      out["pushed"] = gitops::redact(o.push);
    } else {
      repo_error(diags, o, DiagKind::push_failed, gitops::redact(o.push), error);
    }
  };
  out["plan"] = nlohmann::ordered_json::parse(gitops::render_plan_json(p.plan));
  if (!p.plan.has_changes()) {
    out.text("No changes: branch " + o.branch + " already holds this tree; no commit made.\n");
    if (!p.snapshot.unborn) push();  // the remote may still be behind
    return out.done();
  }
  out.text(gitops::render_plan(p.plan));
  if (p.plan.destructive() && !o.allow_destroy) {
    std::string what;
    for (const gitops::Change& c : p.plan.platform) {
      if (c.destructive) what += (what.empty() ? "" : "; ") + ("platform: " + c.text);
    }
    for (const gitops::TenantPlan& t : p.plan.tenants) {
      for (const gitops::Change& c : t.changes) {
        if (c.destructive)
          what += (what.empty() ? "" : "; ") + ("tenant " + t.name + ": " + c.text);
      }
    }
    repo_error(diags, o, DiagKind::destructive_refused, what)
        .help("review it, then publish with --allow-destroy");
    return out.done();
  }
  git_signature* author = p.repo->signature(o.author_name, o.author_email, error);
  if (author == nullptr) {
    repo_error(diags, o, DiagKind::repository_error, error);
    return out.done();
  }
  // Only what changed goes into the commit; every other file and every untouched directory
  // keeps its object. The files kept as text are stored now, if they changed.
  std::map<std::string, git_oid> changed;
  std::vector<std::string> removed;
  for (std::string_view path : p.owned) {
    if (!p.tree->contains(std::string(path))) removed.emplace_back(path);
  }
  for (const auto& [path, file] : p.tree->files()) {
    if (branch_holds(p.snapshot, path, &file.id)) continue;
    git_oid id = file.id;
    if (file.text && !p.pack->add_blob(*file.text, id, error)) break;
    changed.emplace_hint(changed.end(), path, id);
  }
  // Objects first; then the branch moves, by compare-and-swap against what we read.
  std::optional<git_oid> commit;
  if (error.empty()) {
    commit =
        p.repo->write_commit(changed, removed, p.snapshot, commit_message(o, p), author, error);
  }
  git_signature_free(author);
  if (!commit) {
    repo_error(diags, o, DiagKind::repository_error, "cannot write the commit: " + error);
    return out.done();
  }
  switch (p.repo->update_branch(p.snapshot, *commit, error)) {
    case gitops::RefUpdate::Ok:
      break;
    case gitops::RefUpdate::Moved:
      repo_error(diags, o, DiagKind::branch_moved, o.branch);
      return out.done();
    case gitops::RefUpdate::Locked:
      repo_error(diags, o, DiagKind::branch_locked, o.branch, lock_file(o, *p.repo))
          .help("if no git or kmetal process is running, delete " + lock_file(o, *p.repo) +
                " and publish again");
      return out.done();
    case gitops::RefUpdate::Failed:
      repo_error(diags, o, DiagKind::repository_error,
                 "cannot update branch " + o.branch + ": " + error);
      return out.done();
  }
  char id[GIT_OID_HEXSZ + 1];
  git_oid_tostr(id, sizeof id, &*commit);
  out.text("Published " + std::string(id) + " on " + o.branch + ".\n");
  out["commit"] = id;
  if (!p.repo->check_out(p.snapshot, *commit, error)) {
    repo_error(diags, o, DiagKind::repository_error,
               "the branch moved, but updating the work tree failed: " + error)
        .help("run `git checkout -- .` in the repository");
  }
  push();
  return out.done();
}

}  // namespace kmetal::driver
