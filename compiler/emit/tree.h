// The output tree: every file of the Flux layout (DESIGN §4) with its exact bytes, written to a
// sink (build: a staging directory; plan and publish: a FileTree, sorted by path, that the git
// writer consumes).
//
//   clusters/<platform>/{kustomization,platform,tenants}.yaml   Flux entry point
//   platform/<platform>/shared/...                            shared platform objects
//   platform/<platform>/tenants/<tenant>/{network,egress,snat}/  a tenant's platform layers
//   tenants/<tenant>/...                                      one tenant's namespaced objects
//   kmetal.lock                                               allocations and versions
//
// Every object's path comes from the IR's object table (ir/objects.h); this adds the
// kustomization.yaml of every folder, listing its files and subfolders.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/backends/manifest.h"

namespace kmetal::emit {

using FileTree = std::map<std::string, std::string>;  // path -> contents

// Writes the tree file by file as batches of manifests come, to a sink (a directory, a map):
// a batch holds every object of each file it touches (backends::Options selects shared
// objects or tenants, which share no file), and each batch is freed as it is written, so only
// one batch of the object model is whole at a time. Folders' kustomization.yaml files and the
// lock come last, from finish().
class TreeWriter {
 public:
  using Sink = std::function<void(const std::string& path, std::string contents)>;
  explicit TreeWriter(Sink sink) : sink_(std::move(sink)) {}

  // One file of a batch, rendered.
  struct File {
    std::string path;
    std::string contents;
    bool inside_tenant = false;  // applied inside a tenant cluster (backends::Manifest)
  };
  // A batch's files: pure, so batches may be rendered on several threads at once.
  static std::vector<File> render(backends::ManifestSet manifests);
  // Sends rendered files to the sink; one thread at a time.
  void accept(std::vector<File> files);
  // A folder whose files are not written but stay as a previous tree holds them (a tenant a
  // publish did not lower again): listed in its parent's kustomization.yaml; nothing inside it
  // may have been written.
  void keep(const std::string& folder);
  void finish(const std::string& lock);
  std::size_t files() const { return files_; }

 private:
  void add_to_parents(const std::string& path, bool inside_tenant, bool file);

  Sink sink_;
  // folder -> its entries (files and subfolders), for the kustomization.yaml files. A folder
  // of objects applied inside a tenant cluster is not an entry of its parent: building the
  // parent must not mix another cluster's objects into the under cluster's.
  std::map<std::string, std::set<std::string>> entries_;
  std::size_t files_ = 0;
};

// Every object of the tree as one YAML stream (documents separated by ---), in path order.
std::string yaml_stream(const backends::ManifestSet& manifests);

}  // namespace kmetal::emit
