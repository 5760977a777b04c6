#include "compiler/frontend/resolve.h"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/base/text.h"
#include "compiler/frontend/schema.h"
#include "compiler/frontend/values.h"

namespace kmetal::frontend {
namespace {

std::vector<std::string> to_strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

template <typename Map>
std::vector<std::string> keys(const Map& map) {
  std::vector<std::string> out;
  out.reserve(map.size());
  for (const auto& entry : map) out.push_back(entry.first);
  return out;
}

void suggest(Diagnostic& d, std::string_view word, const std::vector<std::string>& candidates) {
  if (auto match = closest_match(word, candidates)) d.help("did you mean `" + *match + "`?");
}

class Resolver {
 public:
  Resolver(const Project& project, DiagnosticEngine& diags)
      : project_(project), diags_(diags), scope_(project, diags) {}

  std::optional<Spec> run() {
    collect();
    if (platforms_.empty()) {
      diags_.report(DiagKind::missing_platform, SourceSpan{}, project_.root_display).path =
          project_.root_display;
    }
    for (const auto& decl : flavor_decls_) {
      ast::Block flavor = resolve_block(*decl.block, decl.module);
      complete(flavor);
      spec_.flavors.push_back(std::move(flavor));
    }
    if (!platforms_.empty()) {
      scope_.set_platform(platforms_.front().block);
      spec_.platform = resolve_block(*platforms_.front().block, platforms_.front().module);
      complete(spec_.platform);
    }
    std::map<std::string, ast::Block> profiles;
    for (const auto& [name, decl] : profiles_)
      profiles[name] = resolve_block(*decl.block, decl.module);
    for (const auto& [name, decl] : tenants_) {
      ast::Block tenant = resolve_block(*decl.block, decl.module);
      if (tenant.extends) {
        auto it = profiles.find(*tenant.extends);
        if (it == profiles.end()) {
          Diagnostic& d =
              diags_.report(DiagKind::unknown_profile, tenant.extends_span, *tenant.extends);
          suggest(d, *tenant.extends, keys(profiles));
          continue;
        }
        tenant = merge(it->second, std::move(tenant));
      }
      complete(tenant);
      spec_.tenants.push_back(std::move(tenant));
    }
    if (diags_.has_errors()) return std::nullopt;
    return std::move(spec_);
  }

 private:
  struct Decl {
    const ast::Block* block;
    std::size_t module;
  };

  // Registers every top-level declaration; flavors of std modules are reachable only through
  // an import's name, so they get a spec index but no project-wide name.
  void collect() {
    std::map<std::string, Decl> flavors_by_name;
    for (std::size_t m = 0; m < project_.modules.size(); ++m) {
      const Module& module = project_.modules[m];
      for (const ast::Block& block : module.ast.blocks) {
        const auto& top = top_level_blocks();
        if (std::find(top.begin(), top.end(), block.type) == top.end()) {
          Diagnostic& d = diags_.report(DiagKind::unknown_block, block.type_span, block.type,
                                        "at the top level of a file");
          if (find_block_schema(block.type) != nullptr) {
            d.help("`" + block.type + "` belongs inside another block");
          } else {
            suggest(d, block.type, to_strings(top));
          }
          continue;
        }
        if (!block.label) continue;  // resolve_block reports the missing label
        Decl decl{&block, m};
        if (block.type == "platform") {
          if (!platforms_.empty()) {
            diags_.report(DiagKind::second_platform, block.label_span, block.describe())
                .note(platforms_.front().block->label_span, "the first platform");
          }
          platforms_.push_back(decl);
        } else if (block.type == "tenant") {
          register_unique(tenants_, decl);
        } else if (block.type == "profile") {
          register_unique(profiles_, decl);
        } else if (block.type == "flavor") {
          if (!module.is_std) register_unique(flavors_by_name, decl);
          scope_.add_flavor(m, *block.label, flavor_decls_.size(), !module.is_std);
          flavor_decls_.push_back(decl);
        }
      }
    }
    // Unlabelled top-level blocks still get checked (and their missing label reported).
    for (std::size_t m = 0; m < project_.modules.size(); ++m) {
      for (const ast::Block& block : project_.modules[m].ast.blocks) {
        if (!block.label && find_block_schema(block.type) != nullptr) resolve_block(block, m);
      }
    }
  }

  void register_unique(std::map<std::string, Decl>& table, Decl decl) {
    auto [it, inserted] = table.emplace(*decl.block->label, decl);
    if (!inserted) duplicate(*decl.block, *it->second.block);
  }

  void duplicate(const ast::Block& again, const ast::Block& first) {
    const ast::Block& later =
        first.span.file < again.span.file ||
                (first.span.file == again.span.file && first.span.begin < again.span.begin)
            ? again
            : first;
    const ast::Block& earlier = &later == &again ? first : again;
    SourceSpan at = later.label ? later.label_span : later.type_span;
    SourceSpan note = earlier.label ? earlier.label_span : earlier.type_span;
    diags_.report(DiagKind::duplicate_block, at, "`" + later.describe() + "`")
        .note(note, "first declared here");
  }

  ast::Block resolve_block(const ast::Block& in, std::size_t module) {
    const BlockSchema& schema = *find_block_schema(in.type);
    ast::Block out;
    out.type = in.type;
    out.type_span = in.type_span;
    out.label = in.label;
    out.label_span = in.label_span;
    out.extends = in.extends;
    out.extends_span = in.extends_span;
    out.span = in.span;
    if (schema.labelled && !in.label) {
      diags_.report(DiagKind::missing_label, in.type_span, in.type, in.type);
    } else if (!schema.labelled && in.label) {
      diags_.report(DiagKind::unexpected_label, in.label_span, in.type);
    } else if (in.label) {
      std::string problem = dns1123_label_problem(*in.label);
      if (!problem.empty()) {
        diags_.report(DiagKind::invalid_name, in.label_span, in.type, *in.label, problem);
      }
    }
    if (in.extends && in.type != "tenant") {
      diags_.report(DiagKind::extends_not_allowed, in.extends_span, in.type);
    }
    std::map<std::string, SourceSpan> seen;
    for (const ast::Attribute& attr : in.attributes) {
      const AttributeSchema* as = schema.attribute(attr.name);
      if (as == nullptr) {
        damaged_.insert(key(in));
        Diagnostic& d =
            diags_.report(DiagKind::unknown_attribute, attr.name_span, attr.name, in.describe());
        if (std::find(schema.children.begin(), schema.children.end(), attr.name) !=
            schema.children.end()) {
          d.help("`" + attr.name + "` is a block: write `" + attr.name + " { ... }`");
        } else {
          suggest(d, attr.name, schema.attribute_names());
        }
        continue;
      }
      auto [it, inserted] = seen.emplace(attr.name, attr.name_span);
      if (!inserted) {
        diags_.report(DiagKind::duplicate_attribute, attr.name_span, attr.name)
            .note(it->second, "first set here");
        continue;
      }
      // An invalid value was reported; keeping it as written stops a cascade of "missing
      // attribute" errors, and no Spec is returned once an error exists.
      auto value = scope_.resolve(*as, attr.value, module);
      out.attributes.push_back(
          {attr.name, attr.name_span, std::move(value).value_or(attr.value), false});
    }
    std::map<std::string, const ast::Block*> children;
    for (const ast::Block& child : in.blocks) {
      if (std::find(schema.children.begin(), schema.children.end(), child.type) ==
          schema.children.end()) {
        damaged_.insert(key(in));
        Diagnostic& d = diags_.report(DiagKind::unknown_block, child.type_span, child.type,
                                      "in `" + in.describe() + "`");
        if (schema.attribute(child.type) != nullptr) {
          d.help("`" + child.type + "` is an attribute: write `" + child.type + " = ...`");
        } else {
          suggest(d, child.type, to_strings(schema.children));
        }
        continue;
      }
      auto [it, inserted] = children.emplace(child.describe(), &child);
      if (!inserted) {
        duplicate(child, *it->second);
        continue;
      }
      out.blocks.push_back(resolve_block(child, module));
    }
    return out;
  }

  // The profile's attributes and blocks under the tenant's: the tenant wins attribute by
  // attribute, blocks of the same type and name merge recursively, others are added.
  static ast::Block merge(const ast::Block& base, ast::Block over) {
    for (const ast::Attribute& attr : base.attributes) {
      if (over.attribute(attr.name) == nullptr) over.attributes.push_back(attr);
    }
    for (const ast::Block& child : base.blocks) {
      auto same = std::find_if(over.blocks.begin(), over.blocks.end(), [&](const ast::Block& b) {
        return b.type == child.type && b.label == child.label;
      });
      if (same == over.blocks.end()) {
        over.blocks.push_back(child);
      } else {
        *same = merge(child, std::move(*same));
      }
    }
    over.merged_from.push_back(base.span);
    return over;
  }

  // Required attributes and blocks, then schema defaults, recursively.
  void complete(ast::Block& block) {
    const BlockSchema& schema = *find_block_schema(block.type);
    // A block with a misspelt member already has an error, usually for the very attribute
    // or block that would now be reported missing: say nothing more about it.
    if (damaged_.count(key(block)) > 0) {
      for (ast::Block& child : block.blocks) complete(child);
      return;
    }
    for (const AttributeSchema& as : schema.attributes) {
      if (block.attribute(as.name) != nullptr) continue;
      if (as.required) {
        Diagnostic& d =
            diags_.report(DiagKind::missing_attribute, block.type_span, block.describe(), as.name);
        for (SourceSpan from : block.merged_from) d.note(from, "nor does the profile it extends");
        continue;
      }
      if (auto value = default_value(as, block.type_span)) {
        block.attributes.push_back(
            {std::string(as.name), block.type_span, std::move(*value), true});
      }
    }
    for (std::string_view child : schema.required_children) {
      if (block.children(child).empty()) {
        Diagnostic& d =
            diags_.report(DiagKind::missing_block, block.type_span, block.describe(), child);
        for (SourceSpan from : block.merged_from) d.note(from, "nor does the profile it extends");
      }
    }
    if (block.type == "workers" && block.attribute("flavor") == nullptr) {
      for (std::string_view size : {"cpu", "memory", "disk"}) {
        if (block.attribute(size) != nullptr) continue;
        diags_.report(DiagKind::missing_attribute, block.type_span, block.describe(), size)
            .help(
                "set `flavor` (e.g. `flavor = flavors.medium`), or all of `cpu`, `memory` and "
                "`disk`");
      }
    }
    for (ast::Block& child : block.blocks) complete(child);
  }

  static std::pair<std::uint32_t, std::uint32_t> key(const ast::Block& block) {
    return {block.span.file.value, block.span.begin};
  }

  const Project& project_;
  DiagnosticEngine& diags_;
  ValueScope scope_;
  std::set<std::pair<std::uint32_t, std::uint32_t>> damaged_;
  std::vector<Decl> platforms_;
  std::map<std::string, Decl> tenants_;
  std::map<std::string, Decl> profiles_;
  std::vector<Decl> flavor_decls_;
  Spec spec_;
};

}  // namespace

std::optional<Spec> resolve(const Project& project, DiagnosticEngine& diags) {
  return Resolver(project, diags).run();
}

}  // namespace kmetal::frontend
