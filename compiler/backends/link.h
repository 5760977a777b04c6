// link: the last step of lowering, after every backend ran. Like a linker resolving symbols:
//  1. every content-addressed object (the immutable worker templates) is named
//     `<prefix>-<first 10 hex digits of the SHA-256 of its content>`, its content being the
//     whole emitted object except metadata.name, so the name changes exactly when the
//     content does and a change rolls the MachineDeployment instead of mutating a template;
//  2. every reference a backend registered (Manifest::refs) receives its target's final name;
//  3. every manifest gets its path in the output tree from the object table.
#pragma once

#include "compiler/backends/manifest.h"

namespace kmetal::backends {

void link(const ir::Platform& platform, ManifestSet& set);

// The canonical text a content-addressed name hashes: the object without metadata.name.
std::string content_of(const Object& object);

}  // namespace kmetal::backends
