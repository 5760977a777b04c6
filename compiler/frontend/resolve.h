// resolve: a loaded Project to a checked Spec. Enforces the schema (blocks, attributes,
// types, labels, required/duplicates), substitutes `let` constants, resolves references
// (flavors, platform block names, choices), merges `extends` profiles block by block, and
// fills schema defaults. Reports every error it finds before giving up.
//
//   profile "std" { workers "w" { replicas = 3 } }          tenant "a" { ...merged: workers "w"
//   tenant "a" extends std { network { cidr = auto } }  =>    { replicas = 3 }, network { cidr =
//                                                             auto prefix = 24 } ... }
#pragma once

#include <optional>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/loader.h"
#include "compiler/frontend/spec.h"

namespace kmetal::frontend {

std::optional<Spec> resolve(const Project& project, DiagnosticEngine& diags);

}  // namespace kmetal::frontend
