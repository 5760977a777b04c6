// The compiler on one screen: each stage takes a value and returns one, and the driver
// stops between stages when errors were reported. Commands are thin wrappers over this.
#pragma once

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/capacity.h"
#include "compiler/ir/platform.h"

namespace kmetal::driver {

struct CompileOptions {
  std::string input;      // a .kmetal file or a project directory
  std::string lock_path;  // the previous kmetal.lock, if any
  std::string lock_text;  // or its contents (e.g. read from a git branch), shown as lock_display
  std::string lock_display;
};

struct Compilation {
  std::optional<ir::Platform> platform;        // set when every stage so far succeeded
  std::optional<ir::CapacityReport> capacity;  // set when the IR passes ran, even with errors
};

Compilation compile(const CompileOptions& options, SourceManager& sources, DiagnosticEngine& diags);

}  // namespace kmetal::driver
