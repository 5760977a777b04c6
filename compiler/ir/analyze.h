// The front half of the compiler, from the sources to the checked IR: the previous lock read,
// the spec loaded, parsed and resolved (frontend), lowered to the IR, and the passes run. The
// driver's pipeline (driver/pipeline.h) starts with it and the IR and backend tests call it,
// so nothing else puts these phases together.
#pragma once

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/capacity.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

struct Sources {
  std::string input;                // a .kmetal file or a project directory, or the name of `text`
  std::optional<std::string> text;  // the spec itself, when it is not read from `input`
  std::string lock_path;            // the previous kmetal.lock, if any
  std::string lock_text;  // or its contents (e.g. read from a git branch), shown as lock_display
  std::string lock_display;
};

// Where analyze() stops: after loading (lock and spec), after lowering, or after the passes.
enum class Until { Load, Lower, Passes };

struct Analysis {
  std::optional<Lock> lock;                // the previous lock, when one was given and read
  std::optional<Platform> platform;        // set once lowered, even if the passes then fail
  std::optional<CapacityReport> capacity;  // set when the passes ran
  bool ok = false;                         // reached `until` without errors
};

Analysis analyze(const Sources& in, Until until, SourceManager& files, DiagnosticEngine& diags);

}  // namespace kmetal::ir
