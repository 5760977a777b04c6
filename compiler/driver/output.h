// Writes an output tree to a directory atomically: the tree goes to a temporary sibling
// first and replaces DIR in one rename (an exchange when DIR exists), so a reader or a crash
// sees the old tree or the new one, never a mix. A failed build never calls this.
#pragma once

#include <string>

#include "compiler/emit/tree.h"

namespace kmetal::driver {

// Empty on success, else why it failed (DIR is then unchanged).
std::string write_tree_atomically(const std::string& dir, const emit::FileTree& tree);

}  // namespace kmetal::driver
