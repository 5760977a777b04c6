// The frontend's result: a checked, resolved specification. Every attribute has been
// checked against the schema, `let` constants are substituted, profiles are merged into
// their tenants (keeping the profile's spans in `merged_from`), schema defaults are filled
// in, and flavor references point into `flavors`. The IR lowering consumes this.
#pragma once

#include <vector>

#include "compiler/frontend/ast.h"

namespace kmetal::frontend {

struct Spec {
  ast::Block platform;
  std::vector<ast::Block> tenants;  // sorted by name
  // Every flavor declared in the project or an imported module; a workers block's
  // `flavor` is a RefExpr whose `target` indexes this vector.
  std::vector<ast::Block> flavors;
};

}  // namespace kmetal::frontend
