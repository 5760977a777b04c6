// What the driver prints besides diagnostics: the capacity table (text and JSON), and
// small file helpers for the outputs it writes.
#pragma once

#include <string>

#include "compiler/ir/capacity.h"

namespace kmetal::driver {

std::string capacity_table(const ir::CapacityReport& report);
std::string capacity_json(const ir::CapacityReport& report);

// Whether diagnostics on stderr are coloured: --color always or never, else only on a terminal
// and unless NO_COLOR is set.
bool use_color(const std::string& mode);

// Writes via a temporary file and rename, so a reader never sees half a file.
bool write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace kmetal::driver
