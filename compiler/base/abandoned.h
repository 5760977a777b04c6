// What a killed kmetal leaves behind (kill -9, power loss): a temporary file or folder named
// with its pid, such as build's staging folder or publish's pack. The next run removes it.
#pragma once

#include <string>

namespace kmetal {

// Removes every entry of `folder` named `prefix` followed by the decimal pid of a process that
// no longer exists (and optionally '-' and anything). One whose process is alive (this one, or
// another kmetal writing now) is left alone. Failures are ignored: what is left is only garbage.
void remove_abandoned(const std::string& folder, const std::string& prefix);

}  // namespace kmetal
