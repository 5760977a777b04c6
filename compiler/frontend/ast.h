// The kmetal AST: plain owned data with source spans, copied out of the ANTLR parse tree by
// parse_file. Nothing here refers to ANTLR; references are unresolved names until resolve.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/base/address.h"
#include "compiler/base/number.h"
#include "compiler/base/source.h"

namespace kmetal::ast {

struct Expr;

struct StringLit {
  std::string value;  // escapes already decoded
};
enum class NumberKind : std::uint8_t { Int, Decimal, Quantity };
struct NumberLit {
  NumberKind kind = NumberKind::Int;
  Number value;
  std::string text;  // as written, for messages
};
struct IntRangeLit {
  std::int64_t low = 0;
  std::int64_t high = 0;
};
struct BoolLit {
  bool value = false;
};
struct AutoLit {};
struct RefExpr {
  std::vector<std::string> path;  // `flavors.medium` -> {"flavors", "medium"}
  std::int64_t target = -1;       // after resolve: the declaration it names (Spec::flavors)
};
struct ListExpr {
  std::vector<Expr> items;
};

using ExprValue = std::variant<StringLit, NumberLit, IpAddress, Cidr, IpRange, IntRangeLit, BoolLit,
                               AutoLit, RefExpr, ListExpr>;

struct Expr {
  ExprValue value;
  SourceSpan span;
};

struct Attribute {
  std::string name;
  SourceSpan name_span;
  Expr value;
  bool defaulted = false;  // inserted from the schema's default, not written by the user
};

struct Block {
  std::string type;
  SourceSpan type_span;
  std::optional<std::string> label;
  SourceSpan label_span;
  std::optional<std::string> extends;
  SourceSpan extends_span;
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  SourceSpan span;                      // the whole block, `type` to `}`
  std::vector<SourceSpan> merged_from;  // after `extends`: the profile blocks merged in

  const Attribute* attribute(std::string_view name) const;
  std::vector<const Block*> children(std::string_view type) const;
  std::string describe() const;  // `tenant "acme"` or `network`
};

struct Import {
  std::string path;
  SourceSpan path_span;
  std::string alias;  // explicit `as NAME`, else the last path segment without `.kmetal`
  SourceSpan alias_span;
  SourceSpan span;
};

struct Let {
  std::string name;
  SourceSpan name_span;
  Expr value;
};

struct File {
  FileId id;
  std::vector<Import> imports;
  std::vector<Let> lets;
  std::vector<Block> blocks;
};

// A short description of a value's kind for type errors: "a string", "a CIDR", ...
std::string describe(const Expr& expr);

}  // namespace kmetal::ast
