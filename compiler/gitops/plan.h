// plan: what publishing a new tree over a branch's tree would change, in the user's terms:
// tenants added or removed, networks, VIPs, VLANs or egress addresses renumbered (from the two
// kmetal.lock files), control-plane versions, and worker groups that will roll, with the
// template fields that make them roll. Destructive changes are flagged; publish refuses them
// without --allow-destroy.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/gitops/new_tree.h"
#include "compiler/gitops/repository.h"

namespace kmetal::gitops {

struct Change {
  std::string text;
  bool destructive = false;
};

struct TenantPlan {
  enum class Status { Added, Removed, Changed };
  std::string name;
  Status status = Status::Changed;
  std::vector<Change> changes;
};

struct Plan {
  // The platform's own changes (provider networks, egress, VIP pools), from the two locks.
  std::vector<Change> platform;
  std::vector<TenantPlan> tenants;  // only tenants with changes, by name
  std::size_t files_added = 0;
  std::size_t files_changed = 0;
  std::size_t files_removed = 0;
  // Tenants whose fingerprint the branch's lock records: left as the branch holds them, not
  // compared file by file.
  std::size_t tenants_reused = 0;
  bool has_changes() const { return files_added + files_changed + files_removed > 0; }
  bool destructive() const;
};

// `previous` is the paths of the branch kmetal owns; a Reader returns the branch's bytes at a
// path; a SameAs says whether the branch holds at `path` exactly the new tree's file.
using Reader = std::function<std::string(const std::string& path)>;
using SameAs = std::function<bool(const std::string& path)>;
// Paths of a branch, viewed in its Snapshot's file list.
using Paths = std::set<std::string_view>;

// Keeps, for one more publish, the immutable templates the branch's MachineDeployments still
// use (a live MachineSet may need them until the roll completes), so Flux's prune cannot
// delete them early; and lists Flux's own clusters/<platform>/flux-system in the entry point
// when the branch has it.
// With `keep_all`, every template file the branch holds for a surviving tenant is kept: used
// when pruning would be the publish's only change, so an unchanged spec commits nothing and
// the prune waits for the next publish that changes something else.
// `branch` is every file of the branch.
void keep_previous_generation(NewTree& fresh, const std::string& platform,
                              const std::map<std::string, FileEntry>& branch, const Reader& read,
                              const SameAs& same, bool keep_all = false);

// A tenant whose folder in `fresh` holds more templates than its worker groups use (a previous
// generation kept) loses its fingerprint in fresh's kmetal.lock: the next publish lowers it
// again and prunes the old generation as a full publish would, instead of leaving it as is.
void unsettle_fingerprints(NewTree& fresh);

// Whether the only differences between the branch and `fresh` are pruned template files (and
// the tenant kustomization.yaml files that list them).
bool only_prunes(const Paths& previous, const SameAs& same, const NewTree& fresh);

Plan make_plan(const Paths& previous, const Reader& read, const SameAs& same, const NewTree& fresh);

std::string render_plan(const Plan& plan);
std::string render_plan_json(const Plan& plan);

// The paths of a branch that kmetal owns for `platform`; everything else is kept as it is.
bool owned_path(const std::string& path, const std::string& platform);

// Whether a path is the file of an immutable worker template (content-addressed).
bool is_template_file(const std::string& path);

}  // namespace kmetal::gitops
