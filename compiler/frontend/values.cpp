#include "compiler/frontend/values.h"

#include <algorithm>

#include "compiler/base/image_ref.h"
#include "compiler/base/internal_error.h"
#include "compiler/base/text.h"
#include "compiler/base/version.h"
#include "compiler/frontend/literals.h"

namespace kmetal::frontend {
namespace {

std::string join(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::vector<std::string> split_choices(std::string_view choices) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= choices.size()) {
    std::size_t bar = choices.find('|', start);
    if (bar == std::string_view::npos) bar = choices.size();
    out.emplace_back(choices.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

std::string quantity_unit(ValueType type) {
  return type == ValueType::Cpu     ? "1m (one millicore)"
         : type == ValueType::Bytes ? "one byte"
                                    : "0.001";
}

}  // namespace

ValueScope::ValueScope(const Project& project, DiagnosticEngine& diags)
    : project_(project),
      diags_(diags),
      lets_(project.modules.size()),
      module_flavors_(project.modules.size()) {
  for (std::size_t m = 0; m < project.modules.size(); ++m) {
    for (const ast::Let& let : project.modules[m].ast.lets) {
      auto [it, inserted] = lets_[m].emplace(let.name, &let);
      if (!inserted) {
        diags_.report(DiagKind::duplicate_let, let.name_span, let.name)
            .note(it->second->name_span, "first declared here");
      }
    }
  }
}

void ValueScope::add_flavor(std::size_t module, const std::string& name, std::size_t index,
                            bool project_wide) {
  module_flavors_[module].emplace(name, index);
  if (project_wide) project_flavors_.emplace(name, index);
}

std::optional<ValueScope::Let> ValueScope::find_let(const ast::RefExpr& ref,
                                                    std::size_t module) const {
  if (ref.path.size() == 1) {
    auto it = lets_[module].find(ref.path[0]);
    if (it != lets_[module].end()) return Let{it->second, module};
  } else if (ref.path.size() == 2) {
    const auto& imports = project_.modules[module].imports;
    auto alias = imports.find(ref.path[0]);
    if (alias != imports.end()) {
      auto it = lets_[alias->second].find(ref.path[1]);
      if (it != lets_[alias->second].end()) return Let{it->second, alias->second};
    }
  }
  return std::nullopt;
}

std::vector<std::string> ValueScope::let_names(std::size_t module) const {
  std::vector<std::string> names;
  for (const auto& entry : lets_[module]) names.push_back(entry.first);
  return names;
}

std::optional<ast::Expr> ValueScope::resolve(const AttributeSchema& schema, const ast::Expr& value,
                                             std::size_t module) {
  // A `let` is substituted where it is used and checked against the using attribute's type;
  // names inside its value resolve in the scope of the file that declared it.
  if (const auto* ref = std::get_if<ast::RefExpr>(&value.value)) {
    if (auto let = find_let(*ref, module)) {
      if (std::find(expanding_.begin(), expanding_.end(), let->let) != expanding_.end()) {
        diags_.report(DiagKind::let_cycle, let->let->name_span, let->let->name)
            .note(value.span, "used here");
        return std::nullopt;
      }
      expanding_.push_back(let->let);
      auto out = resolve(schema, let->let->value, let->module);
      expanding_.pop_back();
      if (out) out->span = value.span;
      return out;
    }
  }
  if (schema.type == ValueType::CidrList || schema.type == ValueType::AddressList ||
      schema.type == ValueType::IpList) {
    const auto* list = std::get_if<ast::ListExpr>(&value.value);
    if (list == nullptr) {
      mismatch(schema, value);
      return std::nullopt;
    }
    AttributeSchema item = schema;
    item.type = schema.type == ValueType::IpList ? ValueType::Ip : ValueType::Cidr;
    ast::ListExpr out;
    bool ok = true;
    for (const ast::Expr& element : list->items) {
      auto checked = element;
      if (std::holds_alternative<ast::RefExpr>(element.value)) {
        auto resolved = resolve(item, element, module);  // a `let` holding one CIDR
        if (!resolved) {
          ok = false;
          continue;
        }
        checked = *resolved;
      }
      bool fits = schema.type == ValueType::IpList
                      ? std::holds_alternative<IpAddress>(checked.value)
                      : std::holds_alternative<Cidr>(checked.value) ||
                            (schema.type == ValueType::AddressList &&
                             (std::holds_alternative<IpRange>(checked.value) ||
                              std::holds_alternative<IpAddress>(checked.value)));
      if (!fits) {
        diags_.report(DiagKind::type_mismatch, element.span, schema.name, describe(schema.type),
                      "an item that is " + ast::describe(checked));
        ok = false;
        continue;
      }
      out.items.push_back(std::move(checked));
    }
    if (!ok) return std::nullopt;
    if (schema.type != ValueType::CidrList && out.items.empty()) {
      diags_.report(DiagKind::value_out_of_range, value.span, schema.name, "must not be empty");
      return std::nullopt;
    }
    return ast::Expr{std::move(out), value.span};
  }
  return check(schema, value, module);
}

std::optional<ast::Expr> ValueScope::check(const AttributeSchema& schema, const ast::Expr& value,
                                           std::size_t module) {
  const auto& v = value.value;
  bool is_auto = std::holds_alternative<ast::AutoLit>(v);
  switch (schema.type) {
    case ValueType::String:
      if (std::holds_alternative<ast::StringLit>(v)) return value;
      break;
    case ValueType::Version:
      if (const auto* s = std::get_if<ast::StringLit>(&v)) {
        Version parsed;
        std::string why = parse_version(s->value, parsed);
        if (why.empty()) return value;
        diags_
            .report(DiagKind::invalid_string, value.span,
                    "`" + std::string(schema.name) + "` \"" + s->value +
                        "\" is not a version of the form MAJOR.MINOR.PATCH: " + why)
            .help("write the full Kubernetes version, e.g. \"1.31.4\"");
        return std::nullopt;
      }
      break;
    case ValueType::Image:
      if (const auto* s = std::get_if<ast::StringLit>(&v)) {
        ImageRef ref;
        std::string why = parse_image_ref(s->value, ref);
        if (why.empty()) return value;
        diags_.report(DiagKind::invalid_string, value.span,
                      "`" + std::string(schema.name) + "` \"" + s->value +
                          "\" is not a fully qualified image reference: " + why);
        return std::nullopt;
      }
      break;
    case ValueType::Domain:
    case ValueType::ObjectName:
      if (const auto* s = std::get_if<ast::StringLit>(&v)) {
        std::string problem = dns_subdomain_problem(s->value);
        if (problem.empty()) return value;
        diags_.report(
            DiagKind::invalid_string, value.span,
            "`" + std::string(schema.name) + "` \"" + s->value + "\" is not a " +
                (schema.type == ValueType::Domain ? "DNS name" : "Kubernetes object name") + ": " +
                problem);
        return std::nullopt;
      }
      break;
    case ValueType::Url:
      if (const auto* s = std::get_if<ast::StringLit>(&v)) {
        const std::string& url = s->value;
        bool scheme = url.rfind("https://", 0) == 0 || url.rfind("oci://", 0) == 0;
        std::string_view host = std::string_view(url).substr(scheme ? url.find("://") + 3 : 0);
        host = host.substr(0, host.find('/'));
        std::string problem = !scheme ? "it must start with https:// or oci://"
                              : host.empty() || url.find(' ') != std::string::npos
                                  ? "it names no host"
                                  : "";
        if (problem.empty()) return value;
        diags_.report(
            DiagKind::invalid_string, value.span,
            "`" + std::string(schema.name) + "` \"" + url + "\" is not a chart URL: " + problem);
        return std::nullopt;
      }
      break;
    case ValueType::ChartVersion:
      if (const auto* s = std::get_if<ast::StringLit>(&v)) {
        std::string_view text = s->value;
        if (!text.empty() && text.front() == 'v') text.remove_prefix(1);
        Version parsed;
        std::string why = parse_version(text, parsed);
        if (why.empty()) return value;
        diags_
            .report(DiagKind::invalid_string, value.span,
                    "`" + std::string(schema.name) + "` \"" + s->value +
                        "\" is not an exact chart version: " + why)
            .help("pin the chart's version, e.g. \"1.16.3\": a range would upgrade without a plan");
        return std::nullopt;
      }
      break;
    case ValueType::ResourceName:
      if (const auto* s = std::get_if<ast::StringLit>(&v)) {
        std::string problem = extended_resource_problem(s->value);
        if (problem.empty()) return value;
        diags_.report(DiagKind::invalid_string, value.span,
                      "`" + std::string(schema.name) + "` \"" + s->value +
                          "\" is not an extended resource name: " + problem);
        return std::nullopt;
      }
      break;
    case ValueType::Interface:
      // Linux's rule for a device name (net/core/dev.c, dev_valid_name): 1 to 15 bytes, not
      // "." or "..", no '/', ':' or white space. Kube-OVN hands the name to OVS and the kernel
      // as it is, and the lock writes it as one word.
      if (const auto* s = std::get_if<ast::StringLit>(&v)) {
        const std::string& name = s->value;
        std::string problem = name.empty() || name.size() > 15
                                  ? "it must be 1 to 15 characters long"
                              : name == "." || name == ".." ? "it cannot be . or .."
                              : name.find_first_of("/: \t\n\r\v\f") != std::string::npos
                                  ? "it cannot hold '/', ':' or white space"
                                  : "";
        if (problem.empty()) return value;
        diags_.report(DiagKind::invalid_string, value.span,
                      "`" + std::string(schema.name) + "` \"" + name +
                          "\" is not a network interface name: " + problem);
        return std::nullopt;
      }
      break;
    case ValueType::IntOrAuto:
      if (is_auto) return value;
      [[fallthrough]];
    case ValueType::Int:
    case ValueType::Ratio:
    case ValueType::Cpu:
    case ValueType::Bytes:
      if (std::holds_alternative<ast::NumberLit>(v)) return check_number(schema, value);
      break;
    case ValueType::IpOrAuto:
      if (is_auto) return value;
      [[fallthrough]];
    case ValueType::Ip:
      if (std::holds_alternative<IpAddress>(v)) return value;
      break;
    case ValueType::CidrOrAuto:
      if (is_auto) return value;
      [[fallthrough]];
    case ValueType::Cidr:
      if (std::holds_alternative<Cidr>(v)) return value;
      break;
    case ValueType::IntRange:
      if (const auto* r = std::get_if<ast::IntRangeLit>(&v)) {
        if (r->low >= schema.min && r->high <= schema.max) return value;
        diags_.report(
            DiagKind::value_out_of_range, value.span, schema.name,
            "must lie within " + std::to_string(schema.min) + ".." + std::to_string(schema.max));
        return std::nullopt;
      }
      break;
    case ValueType::Choice:
    case ValueType::NameRef:
      if (std::holds_alternative<ast::StringLit>(v) ||
          (std::holds_alternative<ast::RefExpr>(v) && std::get<ast::RefExpr>(v).path.size() == 1)) {
        return check_name(schema, value);
      }
      break;
    case ValueType::FlavorRef:
      if (std::holds_alternative<ast::RefExpr>(v)) return check_flavor(value, module);
      break;
    case ValueType::CidrList:
    case ValueType::AddressList:
    case ValueType::IpList:
      break;  // handled by resolve()
  }
  if (std::holds_alternative<ast::RefExpr>(v)) {
    unknown(value, "name", let_names(module));
  } else {
    mismatch(schema, value);
  }
  return std::nullopt;
}

std::optional<ast::Expr> ValueScope::check_number(const AttributeSchema& schema,
                                                  const ast::Expr& value) {
  const auto& number = std::get<ast::NumberLit>(value.value);
  std::string name(schema.name);
  bool integer_type = schema.type == ValueType::Int || schema.type == ValueType::IntOrAuto;
  if ((integer_type && number.kind != ast::NumberKind::Int) ||
      (schema.type == ValueType::Ratio && number.kind == ast::NumberKind::Quantity)) {
    mismatch(schema, value);
    return std::nullopt;
  }
  std::int64_t unit = schema.type == ValueType::Cpu || schema.type == ValueType::Ratio ? 1000 : 1;
  std::int64_t scaled = 0;
  std::string problem = to_scaled_integer(number.value, unit, scaled);
  if (problem == "is finer than the smallest unit") {
    problem = "is finer than " + quantity_unit(schema.type);
  } else if (problem == "is too large") {
    problem = number.text + " is too large";
  }
  if (problem.empty() && integer_type && (scaled < schema.min || scaled > schema.max)) {
    problem = schema.max == INT64_MAX ? "must be at least " + std::to_string(schema.min)
                                      : "must be between " + std::to_string(schema.min) + " and " +
                                            std::to_string(schema.max);
    problem += "; found " + number.text;
  }
  if (problem.empty() && !integer_type && scaled < 0)
    problem = "must not be negative; found " + number.text;
  if (problem.empty() && !integer_type && scaled == 0) problem = "must be greater than zero";
  if (problem.empty()) return value;
  diags_.report(DiagKind::value_out_of_range, value.span, name, problem);
  return std::nullopt;
}

std::optional<ast::Expr> ValueScope::check_name(const AttributeSchema& schema,
                                                const ast::Expr& value) {
  std::string name = std::holds_alternative<ast::StringLit>(value.value)
                         ? std::get<ast::StringLit>(value.value).value
                         : std::get<ast::RefExpr>(value.value).path[0];
  std::vector<std::string> names;
  if (schema.type == ValueType::Choice) {
    names = split_choices(schema.target);
  } else if (platform_ != nullptr) {
    for (const ast::Block* b : platform_->children(schema.target)) {
      if (b->label) names.push_back(*b->label);
    }
  } else {
    return ast::Expr{ast::StringLit{name}, value.span};  // no platform: reported elsewhere
  }
  if (std::find(names.begin(), names.end(), name) != names.end()) {
    return ast::Expr{ast::StringLit{name}, value.span};
  }
  if (schema.type == ValueType::Choice) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "`" : ", `") + n + "`";
    Diagnostic& d = diags_.report(DiagKind::invalid_choice, value.span, schema.name, list, name);
    if (auto match = closest_match(name, names)) d.help("did you mean `" + *match + "`?");
    return std::nullopt;
  }
  std::string what(schema.target);
  std::replace(what.begin(), what.end(), '_', ' ');
  unknown(value, what, names);
  return std::nullopt;
}

std::optional<ast::Expr> ValueScope::check_flavor(const ast::Expr& value, std::size_t module) {
  const auto& ref = std::get<ast::RefExpr>(value.value);
  std::vector<std::string> candidates;
  const std::map<std::string, std::size_t>* table = nullptr;
  std::string name;
  if (ref.path.size() == 1) {
    table = &project_flavors_;
    name = ref.path[0];
  } else if (ref.path.size() == 2) {
    const auto& imports = project_.modules[module].imports;
    auto alias = imports.find(ref.path[0]);
    if (alias != imports.end()) {
      table = &module_flavors_[alias->second];
      name = ref.path[1];
    } else {
      for (const auto& entry : imports) candidates.push_back(entry.first);
      Diagnostic& d =
          diags_.report(DiagKind::unknown_reference, value.span, "import name", ref.path[0]);
      if (auto match = closest_match(ref.path[0], candidates)) {
        d.help("did you mean `" + *match + "." + ref.path[1] + "`?");
      } else if (ref.path[0] == "flavors") {
        d.help("add `import \"std/flavors\"` at the top of this file");
      }
      return std::nullopt;
    }
  }
  if (table != nullptr) {
    auto it = table->find(name);
    if (it != table->end()) {
      ast::Expr out = value;
      std::get<ast::RefExpr>(out.value).target = static_cast<std::int64_t>(it->second);
      return out;
    }
    for (const auto& entry : *table) {
      candidates.push_back(ref.path.size() == 2 ? ref.path[0] + "." + entry.first : entry.first);
    }
  }
  unknown(value, "flavor", candidates);
  return std::nullopt;
}

void ValueScope::unknown(const ast::Expr& value, std::string_view what,
                         const std::vector<std::string>& names) {
  // A name may be written bare or as a string (`provider = "physnet1"`).
  const auto* s = std::get_if<ast::StringLit>(&value.value);
  std::string text = s != nullptr ? s->value : join(std::get<ast::RefExpr>(value.value).path);
  Diagnostic& d = diags_.report(DiagKind::unknown_reference, value.span, what, text);
  if (auto match = closest_match(text, names)) d.help("did you mean `" + *match + "`?");
}

void ValueScope::mismatch(const AttributeSchema& schema, const ast::Expr& value) {
  Diagnostic& d = diags_.report(DiagKind::type_mismatch, value.span, schema.name,
                                describe(schema.type), ast::describe(value));
  if (const auto* s = std::get_if<ast::StringLit>(&value.value)) {
    if (schema.type != ValueType::String) {
      d.help("only text is quoted: write the value bare, e.g. `" + std::string(schema.name) +
             " = " + s->value + "`");
    }
  }
}

std::optional<ast::Expr> default_value(const AttributeSchema& schema, SourceSpan at) {
  DiagnosticEngine scratch;
  auto number = [&](LiteralKind kind) {
    auto value = parse_literal(kind, schema.default_text, at, scratch);
    KMETAL_CHECK(value.has_value(), "malformed schema default for " + std::string(schema.name));
    return value;
  };
  switch (schema.default_kind) {
    case DefaultKind::None:
      return std::nullopt;
    case DefaultKind::Int:
      return number(LiteralKind::Int);
    case DefaultKind::Decimal:
      return number(LiteralKind::Decimal);
    case DefaultKind::Auto:
      return ast::Expr{ast::AutoLit{}, at};
    case DefaultKind::String:
    case DefaultKind::Word:
      return ast::Expr{ast::StringLit{std::string(schema.default_text)}, at};
    case DefaultKind::EmptyList:
      return ast::Expr{ast::ListExpr{}, at};
  }
  return std::nullopt;
}

}  // namespace kmetal::frontend
