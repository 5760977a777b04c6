// Writing new objects as one packfile: version 2, each object zlib-compressed on its own, no
// deltas. libgit2's pack builder searches for deltas across every object (8 of a 12-second
// first publish of 176,697 files); a pack without deltas costs about what loose objects cost to
// compress, but is one file, and is indexed and moved into objects/pack in one step by the
// repository's own pack writer. `git gc` can delta-compress it later.
#pragma once

#include <git2.h>

#include <string>
#include <vector>

namespace kmetal::gitops {

// Reads each of `objects` from `odb` (duplicates allowed) and adds them to the repository as a
// packfile. False, with `error`, when an object is missing or the pack cannot be written.
bool write_pack(git_odb* odb, std::vector<git_oid> objects, std::string& error);

}  // namespace kmetal::gitops
