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
// namespace, name) order, each with its key. `Set` is a ManifestSet, const or not; the pointers
// follow. Each key is read from its object once: the entry point's files hold every tenant's
// Flux layers.
template <typename Set>
auto by_file(Set& manifests) {
  using Ptr = decltype(&manifests.manifests.front());
  std::map<std::string, std::vector<std::pair<SortKey, Ptr>>> keyed;
  for (auto& m : manifests.manifests) {
    KMETAL_CHECK(!m.path.empty(), "a manifest was not linked");
    keyed[m.path].emplace_back(sort_key(m), &m);
  }
  for (auto& [path, docs] : keyed) {
    std::stable_sort(docs.begin(), docs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < docs.size(); ++i) {
      KMETAL_CHECK(docs[i - 1].first != docs[i].first, "two objects are one: " + path);
    }
  }
  return keyed;
}

template <typename Docs>
std::string documents(const Docs& docs) {
  std::string out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (i > 0) out += "---\n";
    append_yaml(out, docs[i].second->object);
  }
  return out;
}

}  // namespace

void TreeWriter::add_to_parents(const std::string& path, bool inside_tenant, bool file) {
  std::string child = path;
  for (std::size_t slash = child.rfind('/'); slash != std::string::npos; slash = child.rfind('/')) {
    std::string parent = child.substr(0, slash);
    bool added = entries_[parent].insert(child.substr(slash + 1)).second;
    KMETAL_CHECK(added || !file, "a file was written twice: " + path);
    file = false;
    if (inside_tenant) break;
    child = parent;
  }
}

std::vector<TreeWriter::File> TreeWriter::render(backends::ManifestSet manifests) {
  std::vector<File> out;
  for (const auto& [path, docs] : by_file(manifests)) {
    out.push_back({path, documents(docs), docs.front().second->inside_tenant});
    // Rendered: its objects are not needed again, and the text grows as the model shrinks.
    for (const auto& [key, m] : docs) m->object = backends::Object();
  }
  return out;
}

void TreeWriter::accept(std::vector<File> files) {
  for (File& f : files) {
    add_to_parents(f.path, f.inside_tenant, true);
    sink_(f.path, std::move(f.contents));
    ++files_;
  }
}

void TreeWriter::keep(const std::string& folder) {
  auto inside = entries_.lower_bound(folder + "/");
  KMETAL_CHECK(entries_.count(folder) == 0 &&
                   (inside == entries_.end() ||
                    inside->first.compare(0, folder.size() + 1, folder + "/") != 0),
               "a kept folder was written: " + folder);
  add_to_parents(folder, false, false);
}

void TreeWriter::finish(const std::string& lock) {
  for (const auto& [dir, names] : entries_) {
    nlohmann::ordered_json k;
    k["apiVersion"] = "kustomize.config.k8s.io/v1beta1";
    k["kind"] = "Kustomization";
    k["resources"] = nlohmann::ordered_json::array();
    for (const std::string& n : names) k["resources"].push_back(n);
    sink_(dir + "/kustomization.yaml", to_yaml(k));
  }
  sink_("kmetal.lock", lock);
  files_ += entries_.size() + 1;
  entries_.clear();
}

std::string yaml_stream(const backends::ManifestSet& manifests) {
  std::string out;
  for (const auto& [path, docs] : by_file(manifests)) {
    out += "---\n# " + path + "\n" + documents(docs);
  }
  return out;
}

}  // namespace kmetal::emit
