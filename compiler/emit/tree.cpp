#include "compiler/emit/tree.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

#include "compiler/base/internal_error.h"
#include "compiler/emit/yaml.h"

namespace kmetal::emit {
namespace {

using backends::Manifest;

using SortKey = std::tuple<std::string, std::string, std::string>;  // kind, namespace, name
SortKey sort_key(const Manifest& m) {
  const auto& meta = m.object["metadata"];
  return {m.object["kind"].get<std::string>(),
          meta.contains("namespace") ? meta["namespace"].get<std::string>() : "",
          meta["name"].get<std::string>()};
}

// Documents grouped by file (the path link() gave each), each file's documents in (kind,
// namespace, name) order. `Set` is a ManifestSet, const or not; the pointers follow. Each
// key is read from its object once: the entry point's files hold every tenant's Flux layers.
template <typename Set>
auto by_file(Set& manifests) {
  using Ptr = decltype(&manifests.manifests.front());
  std::map<std::string, std::vector<std::pair<SortKey, Ptr>>> keyed;
  for (auto& m : manifests.manifests) {
    KMETAL_CHECK(!m.path.empty(), "a manifest was not linked");
    keyed[m.path].emplace_back(sort_key(m), &m);
  }
  std::map<std::string, std::vector<Ptr>> files;
  for (auto& [path, docs] : keyed) {
    std::stable_sort(docs.begin(), docs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Ptr>& sorted = files[path];
    sorted.reserve(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
      KMETAL_CHECK(i == 0 || docs[i - 1].first != docs[i].first, "two objects are one: " + path);
      sorted.push_back(docs[i].second);
    }
  }
  return files;
}

template <typename Docs>
std::string documents(const Docs& docs) {
  std::string out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (i > 0) out += "---\n";
    append_yaml(out, docs[i]->object);
  }
  return out;
}

}  // namespace

FileTree make_tree(backends::ManifestSet manifests, const std::string& lock,
                   const std::vector<std::string>& kept) {
  FileTree tree;
  // folder -> its entries (files and subfolders), for the kustomization.yaml files. A folder
  // of objects applied inside a tenant cluster is not an entry of its parent: building the
  // parent must not mix another cluster's objects into the under cluster's.
  std::map<std::string, std::set<std::string>> entries;
  auto add_to_parents = [&](const std::string& path, bool inside_tenant) {
    std::string child = path;
    for (std::size_t slash = child.rfind('/'); slash != std::string::npos;
         slash = child.rfind('/')) {
      std::string parent = child.substr(0, slash);
      entries[parent].insert(child.substr(slash + 1));
      if (inside_tenant) break;
      child = parent;
    }
  };
  for (const auto& [path, docs] : by_file(manifests)) {
    tree[path] = documents(docs);
    add_to_parents(path, docs.front()->inside_tenant);
    // Written: its objects are not needed again, and the tree grows as the model shrinks.
    for (Manifest* m : docs) m->object = backends::Object();
  }
  for (const std::string& folder : kept) {
    auto inside = tree.lower_bound(folder + "/");
    KMETAL_CHECK(
        inside == tree.end() || inside->first.compare(0, folder.size() + 1, folder + "/") != 0,
        "a kept folder was written: " + folder);
    add_to_parents(folder, false);
  }
  for (const auto& [dir, names] : entries) {
    nlohmann::ordered_json k;
    k["apiVersion"] = "kustomize.config.k8s.io/v1beta1";
    k["kind"] = "Kustomization";
    k["resources"] = nlohmann::ordered_json::array();
    for (const std::string& n : names) k["resources"].push_back(n);
    tree[dir + "/kustomization.yaml"] = to_yaml(k);
  }
  tree["kmetal.lock"] = lock;
  return tree;
}

std::string yaml_stream(const backends::ManifestSet& manifests) {
  std::string out;
  for (const auto& [path, docs] : by_file(manifests)) {
    out += "---\n# " + path + "\n" + documents(docs);
  }
  return out;
}

}  // namespace kmetal::emit
