#include "compiler/frontend/ast.h"

namespace kmetal::ast {

const Attribute* Block::attribute(std::string_view name) const {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::vector<const Block*> Block::children(std::string_view block_type) const {
  std::vector<const Block*> out;
  for (const Block& b : blocks) {
    if (b.type == block_type) out.push_back(&b);
  }
  return out;
}

std::string Block::describe() const {
  return label ? type + " \"" + *label + "\"" : type;
}

std::string describe(const Expr& expr) {
  struct Visitor {
    std::string operator()(const StringLit& s) const { return "the string \"" + s.value + "\""; }
    std::string operator()(const NumberLit& n) const {
      switch (n.kind) {
        case NumberKind::Int:
          return "the integer " + n.text;
        case NumberKind::Decimal:
          return "the decimal " + n.text;
        case NumberKind::Quantity:
          return "the quantity " + n.text;
      }
      return n.text;
    }
    std::string operator()(const IpAddress& ip) const { return "the address " + ip.to_string(); }
    std::string operator()(const Cidr& c) const { return "the CIDR " + c.to_string(); }
    std::string operator()(const IpRange& r) const { return "the address range " + r.to_string(); }
    std::string operator()(const IntRangeLit& r) const {
      return "the range " + std::to_string(r.low) + ".." + std::to_string(r.high);
    }
    std::string operator()(const BoolLit& b) const { return b.value ? "`true`" : "`false`"; }
    std::string operator()(const AutoLit&) const { return "`auto`"; }
    std::string operator()(const RefExpr& r) const {
      std::string out;
      for (const std::string& p : r.path) out += (out.empty() ? "" : ".") + p;
      return "the name `" + out + "`";
    }
    std::string operator()(const ListExpr&) const { return "a list"; }
  };
  return std::visit(Visitor{}, expr.value);
}

}  // namespace kmetal::ast
