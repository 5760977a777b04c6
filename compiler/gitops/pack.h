// The new objects of one run, written as they come into one packfile: version 2, each object
// zlib-compressed on its own (one deflate state, reset between objects), no deltas. libgit2's
// pack builder searched for deltas across every object (8 of a 12-second first publish), and
// holding a first publish's blobs in memory until the pack was written cost as much memory as
// the tree itself. Here each blob is compressed and appended to a temporary file as soon as it
// is emitted, and read back through the repository's object database, whose first backend the
// pack is, when the plan or libgit2 needs it. finish() writes the index itself (it knows every
// object's id, offset and CRC, so nothing is inflated again) and moves both files into
// objects/pack. `git gc` can delta-compress the pack later.
#pragma once

#include <git2.h>

#include <cstddef>
#include <string>

namespace kmetal::gitops {

// A pack under construction. It is a backend of the object database it is attached to, which
// owns it and frees it with itself.
class Pack {
 public:
  // Attaches a new pack to `odb` as the backend its writes go to and its reads try first.
  // With `folder` (a repository's objects/pack), the pack grows in a temporary file there,
  // removed with the object database unless finish() named it; with an empty `folder`, in an
  // anonymous temporary file that is never finished (plan reads back what it wrote and leaves
  // the repository untouched). nullptr and `error` when the file cannot be made.
  static Pack* attach(git_odb* odb, const std::string& folder, std::string& error);

  // Hashes `contents` as a blob into `id` and adds it unless the object database holds it
  // already (asked without rescanning objects/pack for every new blob). False, with `error`,
  // when it cannot be written.
  virtual bool add_blob(const std::string& contents, git_oid& id, std::string& error) = 0;
  // How many objects the pack holds.
  virtual std::size_t size() const = 0;
  // Completes the pack (object count, checksum), writes its index, and moves both into the
  // folder under the pack's name, so that its objects are the repository's. False, with
  // `error`, on failure (the temporary files go).
  virtual bool finish(std::string& error) = 0;

 protected:
  Pack() = default;
  ~Pack() = default;
};

}  // namespace kmetal::gitops
