#include "compiler/gitops/plan.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/objects.h"

namespace kmetal::gitops {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

// What a kmetal.lock says, read by the one lock parser (ir/lock.h): tenant -> key -> value,
// and the platform facts ("KIND NAME" -> "KEY VALUE"). Empty when it does not parse: the
// compile reported that lock already, and a plan without its facts still lists the files.
struct LockFacts {
  std::map<std::string, std::map<std::string, std::string>> tenants;
  std::map<std::string, std::string> platform;
  bool has_platform = false;  // version 3 or later: the platform facts are there
};
LockFacts lock_facts(const std::string& text) {
  SourceManager sources;
  DiagnosticEngine diags;
  LockFacts out;
  auto lock = ir::parse_lock(sources.add("kmetal.lock", text), sources, diags);
  if (!lock) return out;
  out.has_platform = lock->version >= 3;
  for (const auto& [name, t] : lock->tenants) {
    auto& f = out.tenants[name];
    if (t.cidr) f["cidr"] = t.cidr->to_string();
    if (t.vip) f["vip"] = t.vip->to_string();
    if (t.vlan) f["vlan"] = std::to_string(*t.vlan);
    if (t.egress_ip) f["egress_ip"] = t.egress_ip->to_string();
    if (t.kubernetes) f["kubernetes"] = t.kubernetes->to_string();
    if (t.cni) f["cni"] = *t.cni;
    if (t.csi) f["csi"] = *t.csi;
    if (t.cloud_provider) f["cloud_provider"] = *t.cloud_provider;
  }
  for (const auto& [fact, value] : lock->platform) {
    std::size_t last = fact.rfind(' ');
    out.platform[fact.substr(0, last)] = fact.substr(last + 1) + " " + value;
  }
  return out;
}

// The platform's changes, in the user's words. Moving what a provider network or an egress is
// attached to, or how a VIP pool is announced, interrupts the tenants that use them: each is
// destructive. Nothing is compared against a lock older than version 3, which has no facts.
std::vector<Change> platform_changes(const LockFacts& old_lock, const LockFacts& new_lock) {
  std::vector<Change> out;
  if (!old_lock.has_platform) return out;
  const std::map<std::string, std::string>& before = old_lock.platform;
  const std::map<std::string, std::string>& after = new_lock.platform;
  auto words = [](const std::string& kind_name) {
    std::size_t space = kind_name.find(' ');
    std::string kind = kind_name.substr(0, space);
    std::string what = kind == "provider_network" ? "provider network"
                       : kind == "vip_pool"       ? "VIP pool"
                                                  : kind;
    return what + " " + kind_name.substr(space + 1);
  };
  auto shown = [](const std::string& key_value) {
    std::size_t space = key_value.find(' ');
    std::string key = key_value.substr(0, space);
    std::string value = key_value.substr(space + 1);
    if (key == "provider_vlan") {
      std::size_t slash = value.rfind('/');
      return "VLAN " + value.substr(slash + 1) + " of " + value.substr(0, slash);
    }
    return (key == "advertise" ? std::string("advertisement") : key) + " " + value;
  };
  std::set<std::string> keys;
  for (const auto& [k, v] : before) keys.insert(k);
  for (const auto& [k, v] : after) keys.insert(k);
  for (const std::string& k : keys) {
    auto was = before.find(k);
    auto now = after.find(k);
    if (was == before.end()) {
      out.push_back({words(k) + " added (" + shown(now->second) + ")", false});
    } else if (now == after.end()) {
      out.push_back({words(k) + " removed", false});
    } else if (was->second != now->second) {
      std::string why = k.rfind("provider_network", 0) == 0
                            ? "the VLAN tenants on it lose their network while Kube-OVN moves "
                              "its bridge"
                        : k.rfind("vip_pool", 0) == 0
                            ? "MetalLB withdraws its VIPs and announces them anew"
                            : "its NAT gateways restart, and open outbound connections break";
      out.push_back(
          {words(k) + ": " + shown(was->second) + " -> " + shown(now->second) + ": " + why, true});
    }
  }
  return out;
}

std::string tenant_of(const std::string& path) {
  if (!starts_with(path, "tenants/")) return {};
  std::size_t slash = path.find('/', 8);
  return slash == std::string::npos ? std::string() : path.substr(8, slash - 8);
}

// The template names a MachineDeployment file refers to: {machine, bootstrap}.
std::pair<std::string, std::string> template_refs(const std::string& yaml_text) {
  try {
    YAML::Node spec = YAML::Load(yaml_text)["spec"]["template"]["spec"];
    return {spec["infrastructureRef"]["name"].as<std::string>(""),
            spec["bootstrap"]["configRef"]["name"].as<std::string>("")};
  } catch (const YAML::Exception&) {
    return {};
  }
}

void flatten(const YAML::Node& node, const std::string& path,
             std::map<std::string, std::string>& out) {
  if (node.IsMap()) {
    for (const auto& kv : node)
      flatten(kv.second,
              path.empty() ? kv.first.as<std::string>() : path + "." + kv.first.as<std::string>(),
              out);
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      flatten(node[i], path + "[" + std::to_string(i) + "]", out);
  } else if (node.IsScalar()) {
    out[path] = node.Scalar();
  }
}

// "cpu.cores 4 -> 8" for each leaf of two objects' specs that differs.
std::vector<std::string> field_changes(const std::string& before, const std::string& after) {
  std::map<std::string, std::string> a;
  std::map<std::string, std::string> b;
  try {
    flatten(YAML::Load(before)["spec"], "", a);
    flatten(YAML::Load(after)["spec"], "", b);
  } catch (const YAML::Exception&) {
    return {"its content changed"};
  }
  auto short_path = [](const std::string& p) {
    std::size_t last = p.rfind('.');
    std::size_t prev =
        last == std::string::npos || last == 0 ? std::string::npos : p.rfind('.', last - 1);
    return prev == std::string::npos ? p : p.substr(prev + 1);
  };
  std::vector<std::string> out;
  std::set<std::string> keys;
  for (const auto& [k, v] : a) keys.insert(k);
  for (const auto& [k, v] : b) keys.insert(k);
  for (const std::string& k : keys) {
    auto x = a.find(k);
    auto y = b.find(k);
    std::string from = x == a.end() ? "(none)" : x->second;
    std::string to = y == b.end() ? "(none)" : y->second;
    if (from == to) continue;
    std::string change = short_path(k);
    change.append(" ").append(from).append(" -> ").append(to);
    out.push_back(std::move(change));
  }
  return out;
}

// Where the tree holds a tenant's object of `kind` named `name`, by the object table's rule.
std::string file_for(const std::string& tenant, ir::Kind kind, const std::string& name) {
  ir::ObjectName row;
  row.kind = kind;
  row.ns = tenant;
  row.tenant = tenant;
  row.folder = ir::tenant_folder(tenant);
  return ir::object_path(row, name);
}

std::string kustomization(const std::set<std::string>& entries) {
  std::string out =
      "apiVersion: \"kustomize.config.k8s.io/v1beta1\"\nkind: \"Kustomization\"\nresources:\n";
  for (const std::string& e : entries) out += "- \"" + e + "\"\n";
  return out;
}

std::set<std::string> resources_of(const std::string& kustomization_text) {
  std::set<std::string> out;
  try {
    for (const auto& r : YAML::Load(kustomization_text)["resources"])
      out.insert(r.as<std::string>());
  } catch (const YAML::Exception&) {
  }
  return out;
}

}  // namespace

bool Plan::destructive() const {
  for (const Change& c : platform) {
    if (c.destructive) return true;
  }
  for (const TenantPlan& t : tenants) {
    for (const Change& c : t.changes) {
      if (c.destructive) return true;
    }
  }
  return false;
}

bool owned_path(const std::string& path, const std::string& platform) {
  if (path == "kmetal.lock" || starts_with(path, "tenants/")) return true;
  if (path == "platform/kustomization.yaml" || starts_with(path, "platform/" + platform + "/"))
    return true;
  if (path == "clusters/kustomization.yaml") return true;
  std::string entry = "clusters/" + platform + "/";
  return starts_with(path, entry) && path.find('/', entry.size()) == std::string::npos;
}

bool is_template_file(const std::string& path) {
  std::string base = path.substr(path.rfind('/') + 1);
  return starts_with(base, ir::file_prefix(ir::Kind::KubevirtMachineTemplate)) ||
         starts_with(base, ir::file_prefix(ir::Kind::KubeadmConfigTemplate));
}

void unsettle_fingerprints(NewTree& fresh) {
  if (!fresh.contains("kmetal.lock")) return;
  std::map<std::string, std::pair<std::size_t, std::size_t>> counts;  // templates, deployments
  for (auto it = fresh.files().lower_bound("tenants/");
       it != fresh.files().end() && starts_with(it->first, "tenants/"); ++it) {
    std::string tenant = tenant_of(it->first);
    if (tenant.empty()) continue;
    std::string base = it->first.substr(it->first.rfind('/') + 1);
    auto& [templates, deployments] = counts[tenant];
    templates += is_template_file(it->first) ? 1U : 0U;
    deployments += starts_with(base, ir::file_prefix(ir::Kind::MachineDeployment)) ? 1U : 0U;
  }
  std::set<std::string> unsettled;
  for (const auto& [tenant, c] : counts) {
    if (c.first != 2 * c.second) unsettled.insert(tenant);
  }
  if (!unsettled.empty())
    fresh.put("kmetal.lock", ir::without_fingerprints(fresh.text("kmetal.lock"), &unsettled));
}

bool only_prunes(const Paths& previous, const SameAs& same, const NewTree& fresh) {
  bool pruned = false;
  for (std::string_view view : previous) {
    std::string p(view);
    if (fresh.contains(p)) continue;
    std::string tenant = tenant_of(p);
    if (tenant.empty() || !is_template_file(p) ||
        !fresh.contains("tenants/" + tenant + "/kustomization.yaml")) {
      return false;
    }
    pruned = true;
  }
  for (const auto& [p, file] : fresh.files()) {
    bool listing = !tenant_of(p).empty() && p.substr(p.rfind('/') + 1) == "kustomization.yaml";
    if ((previous.count(p) == 0 || !same(p)) && !listing) return false;
  }
  return pruned;
}

void keep_previous_generation(NewTree& fresh, const std::string& platform,
                              const std::map<std::string, FileEntry>& branch, const Reader& read,
                              const SameAs& same, bool keep_all) {
  if (keep_all) {
    std::map<std::string, std::set<std::string>> listings;
    for (const auto& [p, entry] : branch) {
      std::string tenant = tenant_of(p);
      std::string k_path = "tenants/" + tenant + "/kustomization.yaml";
      if (tenant.empty() || !is_template_file(p) || fresh.contains(p) || !fresh.contains(k_path))
        continue;
      fresh.put_blob(p, entry.blob);
      if (listings.count(k_path) == 0) listings[k_path] = resources_of(fresh.text(k_path));
      listings[k_path].insert(p.substr(p.rfind('/') + 1));
    }
    for (const auto& [k_path, entries] : listings) fresh.put(k_path, kustomization(entries));
  }
  for (const auto& [path, entry] : branch) {
    std::string tenant = tenant_of(path);
    std::string base = path.substr(path.rfind('/') + 1);
    if (tenant.empty() || !starts_with(base, ir::file_prefix(ir::Kind::MachineDeployment))) {
      continue;
    }
    if (!fresh.contains("tenants/" + tenant + "/kustomization.yaml")) continue;  // tenant removed
    if (fresh.contains(path) && same(path)) continue;  // same templates: nothing to keep
    auto [machine, bootstrap] = template_refs(read(path));
    std::string k_path = "tenants/" + tenant + "/kustomization.yaml";
    std::set<std::string> entries = resources_of(fresh.text(k_path));
    bool added = false;
    for (const auto& [kind, name] : {std::make_pair(ir::Kind::KubevirtMachineTemplate, machine),
                                     std::make_pair(ir::Kind::KubeadmConfigTemplate, bootstrap)}) {
      std::string file = file_for(tenant, kind, name);
      auto old = branch.find(file);
      if (name.empty() || fresh.contains(file) || old == branch.end()) continue;
      fresh.put_blob(file, old->second.blob);
      entries.insert(file.substr(file.rfind('/') + 1));
      added = true;
    }
    if (added) fresh.put(k_path, kustomization(entries));
  }
  std::string entry = "clusters/" + platform + "/";
  auto flux = branch.lower_bound(entry + "flux-system/");
  bool has_flux = flux != branch.end() && starts_with(flux->first, entry + "flux-system/");
  if (has_flux && fresh.contains(entry + "kustomization.yaml")) {
    std::set<std::string> entries = resources_of(fresh.text(entry + "kustomization.yaml"));
    entries.insert("flux-system");
    fresh.put(entry + "kustomization.yaml", kustomization(entries));
  }
}

namespace {

// One tenant's owned files on the branch (`before`) and in the new tree (`after`), and those of
// both whose bytes differ (`changed`).
struct TenantFiles {
  Paths before;
  Paths after;
  Paths changed;
};

// Why a worker group's `kind` template changed from `old_name` to `new_name`: the fields that
// differ, leaving out those that only echo a template's own name (its root disk's, say), which
// follow from the rename and explain nothing.
void template_changes(const std::string& tenant, ir::Kind kind, const std::string& label,
                      const std::string& old_name, const std::string& new_name,
                      const std::vector<std::string>& own_names, const Reader& read,
                      const NewTree& fresh, std::vector<std::string>& why) {
  if (old_name == new_name) return;
  for (const std::string& f : field_changes(read(file_for(tenant, kind, old_name)),
                                            fresh.text(file_for(tenant, kind, new_name)))) {
    bool echo = std::any_of(own_names.begin(), own_names.end(), [&f](const std::string& n) {
      return !n.empty() && f.find(n) != std::string::npos;
    });
    if (!echo) why.push_back(std::string(label).append(" ").append(f));
  }
}

// The plan of one tenant that is on the branch and in the new tree.
TenantPlan changed_tenant(const std::string& t, const TenantFiles& files,
                          std::map<std::string, std::string>& old_facts,
                          std::map<std::string, std::string>& new_facts, const Reader& read,
                          const NewTree& fresh) {
  TenantPlan tp;
  tp.name = t;
  static const std::vector<std::pair<std::string, std::string>> facts = {
      {"cidr", "network renumbered"},
      {"vip", "VIP changed"},
      {"vlan", "VLAN changed"},
      {"egress_ip", "egress address changed"},
      {"kubernetes", "control plane version"},
      {"cni", "CNI"},
      {"csi", "CSI driver"},
      {"cloud_provider", "cloud provider"}};
  for (const auto& [key, words] : facts) {
    std::string before = old_facts.count(key) > 0 ? old_facts[key] : "(none)";
    std::string after = new_facts.count(key) > 0 ? new_facts[key] : "(none)";
    if (before == after) continue;
    std::string text = words;
    text.append(" ").append(before).append(" -> ").append(after);
    // Add-on versions move without harm; removing the CSI driver detaches the tenant's
    // volumes from running workloads.
    bool addon = key == "kubernetes" || key == "cni" || key == "csi" || key == "cloud_provider";
    bool destructive = !addon || (key == "csi" && after == "(none)");
    tp.changes.push_back({std::move(text), destructive});
  }
  std::string prefix = ir::tenant_folder(t) + "/" + ir::file_prefix(ir::Kind::MachineDeployment);
  std::set<std::string> groups;
  for (const auto* side : {&files.before, &files.after}) {
    for (std::string_view p : *side) {
      if (starts_with(p, prefix)) groups.emplace(p);
    }
  }
  for (const std::string& p : groups) {
    std::string group = p.substr(prefix.size(), p.size() - prefix.size() - 5);
    if (files.before.count(p) == 0) {
      tp.changes.push_back({"worker group " + group + " added", false});
    } else if (files.after.count(p) == 0) {
      tp.changes.push_back({"worker group " + group + " removed: its VMs are deleted", true});
    } else if (files.changed.count(p) > 0) {
      std::string before = read(p);
      std::string after = fresh.text(p);
      auto [old_machine, old_boot] = template_refs(before);
      auto [new_machine, new_boot] = template_refs(after);
      std::vector<std::string> why;
      template_changes(t, ir::Kind::KubevirtMachineTemplate, "machine template", old_machine,
                       new_machine, {old_machine, old_boot}, read, fresh, why);
      template_changes(t, ir::Kind::KubeadmConfigTemplate, "bootstrap template", old_boot, new_boot,
                       {old_machine, old_boot}, read, fresh, why);
      for (auto& f : field_changes(before, after)) {
        if (f.find("Ref.name") == std::string::npos && f.rfind("configRef", 0) != 0 &&
            f.rfind("infrastructureRef", 0) != 0) {
          why.push_back(f);
        }
      }
      bool rolls = old_machine != new_machine || old_boot != new_boot;
      std::string text = "worker group " + group + (rolls ? " will roll" : " changes");
      for (std::size_t i = 0; i < why.size(); ++i) text += (i == 0 ? ": " : "; ") + why[i];
      tp.changes.push_back({text, false});
    }
  }
  for (std::string_view p : files.before) {
    if (is_template_file(std::string(p)) && files.after.count(p) == 0) {
      tp.changes.push_back(
          {"previous template generation pruned: " + std::string(p.substr(p.rfind('/') + 1)),
           false});
    }
  }
  bool files_differ = std::any_of(files.changed.begin(), files.changed.end(), [](const auto& p) {
    return p.substr(p.rfind('/') + 1) != "kustomization.yaml";
  });
  if (tp.changes.empty() && files_differ) tp.changes.push_back({"manifests changed", false});
  return tp;
}

}  // namespace

Plan make_plan(const Paths& previous, const Reader& read, const SameAs& same,
               const NewTree& fresh) {
  Plan plan;
  // Grouped once, so each tenant's plan looks only at its own files.
  std::map<std::string, TenantFiles> tenants;
  for (const auto& [path, file] : fresh.files()) {
    std::string tenant = tenant_of(path);
    if (!tenant.empty()) tenants[tenant].after.insert(path);
    if (previous.count(path) == 0) {
      ++plan.files_added;
    } else if (!same(path)) {
      ++plan.files_changed;
      if (!tenant.empty()) tenants[tenant].changed.insert(path);
    }
  }
  for (std::string_view path : previous) {
    std::string tenant = tenant_of(std::string(path));
    if (!tenant.empty()) tenants[tenant].before.insert(path);
    plan.files_removed += fresh.contains(std::string(path)) ? 0U : 1U;
  }
  LockFacts old_lock =
      previous.count("kmetal.lock") > 0 ? lock_facts(read("kmetal.lock")) : LockFacts{};
  LockFacts new_lock =
      fresh.contains("kmetal.lock") ? lock_facts(fresh.text("kmetal.lock")) : LockFacts{};
  plan.platform = platform_changes(old_lock, new_lock);
  for (const auto& [t, files] : tenants) {
    TenantPlan tp;
    tp.name = t;
    if (files.before.empty()) {
      tp.status = TenantPlan::Status::Added;
      tp.changes.push_back({"new tenant", false});
    } else if (files.after.empty()) {
      tp.status = TenantPlan::Status::Removed;
      tp.changes.push_back(
          {"tenant removed: its namespace, control plane and worker VMs are deleted", true});
    } else {
      tp = changed_tenant(t, files, old_lock.tenants[t], new_lock.tenants[t], read, fresh);
    }
    if (!tp.changes.empty()) plan.tenants.push_back(std::move(tp));
  }
  return plan;
}

std::string render_plan(const Plan& plan) {
  if (!plan.has_changes()) return "No changes: the branch already holds this tree.\n";
  std::ostringstream out;
  if (!plan.platform.empty()) out << "~ platform\n";
  for (const Change& c : plan.platform)
    out << "    " << (c.destructive ? "! " : "  ") << c.text << "\n";
  for (const TenantPlan& t : plan.tenants) {
    const char* mark = t.status == TenantPlan::Status::Added     ? "+"
                       : t.status == TenantPlan::Status::Removed ? "-"
                                                                 : "~";
    out << mark << " tenant " << t.name << "\n";
    for (const Change& c : t.changes)
      out << "    " << (c.destructive ? "! " : "  ") << c.text << "\n";
  }
  if (plan.tenants_reused > 0) {
    out << plan.tenants_reused << " tenant" << (plan.tenants_reused == 1 ? "" : "s")
        << " unchanged since the branch's lock, left as the branch holds "
        << (plan.tenants_reused == 1 ? "it" : "them") << ".\n";
  }
  out << "Files: " << plan.files_added << " added, " << plan.files_changed << " changed, "
      << plan.files_removed << " removed.\n";
  if (plan.destructive())
    out << "Destructive changes are marked with !; publish needs --allow-destroy.\n";
  return out.str();
}

std::string render_plan_json(const Plan& plan) {
  nlohmann::ordered_json j;
  j["changes"] = plan.has_changes();
  j["destructive"] = plan.destructive();
  j["files"] = {{"added", plan.files_added},
                {"changed", plan.files_changed},
                {"removed", plan.files_removed}};
  j["tenants_reused"] = plan.tenants_reused;
  j["platform"] = nlohmann::ordered_json::array();
  for (const Change& c : plan.platform) {
    j["platform"].push_back({{"text", c.text}, {"destructive", c.destructive}});
  }
  j["tenants"] = nlohmann::ordered_json::array();
  for (const TenantPlan& t : plan.tenants) {
    nlohmann::ordered_json tj;
    tj["name"] = t.name;
    tj["status"] = t.status == TenantPlan::Status::Added     ? "added"
                   : t.status == TenantPlan::Status::Removed ? "removed"
                                                             : "changed";
    tj["changes"] = nlohmann::ordered_json::array();
    for (const Change& c : t.changes)
      tj["changes"].push_back({{"text", c.text}, {"destructive", c.destructive}});
    j["tenants"].push_back(tj);
  }
  return j.dump(2) + "\n";
}

}  // namespace kmetal::gitops
