// Attribute values: `let` substitution, type-directed reference resolution (flavors,
// platform block names, choice words) and type/range checks against the schema.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/ast.h"
#include "compiler/frontend/loader.h"
#include "compiler/frontend/schema.h"

namespace kmetal::frontend {

class ValueScope {
 public:
  // Indexes every module's `let` constants, reporting duplicates.
  ValueScope(const Project& project, DiagnosticEngine& diags);

  // `project_wide`: reachable by bare name (flavors of user files), not only as `alias.name`.
  void add_flavor(std::size_t module, const std::string& name, std::size_t index,
                  bool project_wide);
  // The platform whose named blocks (provider networks, pools, egresses) NameRefs resolve to.
  void set_platform(const ast::Block* platform) { platform_ = platform; }

  // The checked value of an attribute written in `module`, or nullopt after reporting why.
  // Choice and NameRef values come back as strings; FlavorRef as a RefExpr with `target`.
  std::optional<ast::Expr> resolve(const AttributeSchema& schema, const ast::Expr& value,
                                   std::size_t module);

 private:
  struct Let {
    const ast::Let* let;
    std::size_t module;
  };
  std::optional<Let> find_let(const ast::RefExpr& ref, std::size_t module) const;
  std::optional<ast::Expr> check(const AttributeSchema& schema, const ast::Expr& value,
                                 std::size_t module);
  std::optional<ast::Expr> check_number(const AttributeSchema& schema, const ast::Expr& value);
  std::optional<ast::Expr> check_name(const AttributeSchema& schema, const ast::Expr& value);
  std::optional<ast::Expr> check_flavor(const ast::Expr& value, std::size_t module);
  void unknown(const ast::Expr& value, std::string_view what,
               const std::vector<std::string>& names);
  void mismatch(const AttributeSchema& schema, const ast::Expr& value);
  std::vector<std::string> let_names(std::size_t module) const;

  const Project& project_;
  DiagnosticEngine& diags_;
  std::vector<std::map<std::string, const ast::Let*>> lets_;
  std::vector<std::map<std::string, std::size_t>> module_flavors_;
  std::map<std::string, std::size_t> project_flavors_;
  const ast::Block* platform_ = nullptr;
  std::vector<const ast::Let*> expanding_;  // for `let` cycle detection
};

// The schema default for `schema` as a value located at `at`, or nullopt when it has none.
std::optional<ast::Expr> default_value(const AttributeSchema& schema, SourceSpan at);

}  // namespace kmetal::frontend
