#include "compiler/frontend/loader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

#include "compiler/base/text.h"
#include "compiler/frontend/parse.h"
#include "compiler/frontend/source_guard.h"
#include "stdlib/stdlib.h"

namespace kmetal::frontend {
namespace fs = std::filesystem;

namespace {

bool is_identifier(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

class Loader {
 public:
  Loader(SourceManager& sources, DiagnosticEngine& diags) : sources_(sources), diags_(diags) {}

  std::optional<Project> load(const std::string& input) {
    project_.root_display = input;
    std::error_code ec;
    fs::path given(input);
    fs::file_status status = fs::status(given, ec);
    std::vector<fs::path> files;
    if (!ec && fs::is_directory(status)) {
      root_ = fs::canonical(given, ec);
      display_root_ = given.lexically_normal();
      for (auto it = fs::recursive_directory_iterator(given, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".kmetal")
          files.push_back(it->path());
      }
      if (ec) return io_error(input, ec.message());
      std::sort(files.begin(), files.end());
      if (files.empty()) {
        diags_.report(DiagKind::no_input_files, SourceSpan{}, input).path = input;
        return std::nullopt;
      }
    } else if (!ec && fs::is_regular_file(status)) {
      files.push_back(given);
      root_ = fs::canonical(given, ec).parent_path();
      display_root_ = given.lexically_normal().parent_path();
    } else {
      return io_error(input, ec ? ec.message() : "not a file or directory");
    }
    for (const fs::path& file : files) load_file(file, {});
    if (diags_.has_errors()) return std::nullopt;
    return finish();
  }

  std::optional<Project> load_text(const std::string& display, std::string text) {
    project_.root_display = display;
    auto id = admit_source(display, std::move(text), sources_, diags_);
    if (id) add_module(*id, false, {});
    if (diags_.has_errors()) return std::nullopt;
    return finish();
  }

 private:
  std::optional<Project> io_error(const std::string& path, const std::string& why) {
    diags_.report(DiagKind::cannot_read, SourceSpan{}, path, why).path = path;
    return std::nullopt;
  }

  std::optional<Project> finish() {
    check_cycles();
    if (diags_.has_errors()) return std::nullopt;
    return std::move(project_);
  }

  // The project root as the user would name it: the directory given, or the given file's.
  std::string root_name() const {
    return display_root_.empty() ? "." : display_root_.generic_string();
  }

  std::string display_of(const fs::path& canonical) const {
    fs::path rel = canonical.lexically_relative(root_);
    fs::path shown = (display_root_ / rel).lexically_normal();
    std::string s = shown.generic_string();
    return s.rfind("./", 0) == 0 ? s.substr(2) : s;
  }

  // Loads a file once (by canonical path) and returns its module index.
  std::optional<std::size_t> load_file(const fs::path& path, SourceSpan import_span) {
    std::error_code ec;
    fs::path canonical = fs::canonical(path, ec);
    if (ec) {
      diags_.report(DiagKind::cannot_read, import_span, path.generic_string(), ec.message()).path =
          path.generic_string();
      return std::nullopt;
    }
    if (auto it = by_path_.find(canonical); it != by_path_.end()) return it->second;
    std::string display = display_of(canonical);
    std::uintmax_t size = fs::file_size(canonical, ec);
    if (!ec && size > kMaxSourceBytes) {
      report_oversized(display, size, sources_, diags_);
      return std::nullopt;
    }
    std::ifstream in(canonical, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !ec && size > 0) {
      io_error(display, "read failed");
      return std::nullopt;
    }
    auto id = admit_source(display, bytes.str(), sources_, diags_);
    if (!id) return std::nullopt;
    return add_module(*id, false, canonical);
  }

  std::optional<std::size_t> load_std(const std::string& name, SourceSpan import_span) {
    if (auto it = std_modules_.find(name); it != std_modules_.end()) return it->second;
    for (const stdlib::Module& m : stdlib::modules()) {
      if (m.name != name) continue;
      auto id = admit_source("<std>/" + name + ".kmetal", std::string(m.text), sources_, diags_);
      if (!id) return std::nullopt;
      std_modules_[name] = project_.modules.size();
      return add_module(*id, true, {});
    }
    std::string available;
    for (const stdlib::Module& m : stdlib::modules()) {
      available += (available.empty() ? "" : ", ") + ("std/" + std::string(m.name));
    }
    diags_.report(DiagKind::unknown_std_module, import_span, "std/" + name)
        .help("available modules: " + available);
    return std::nullopt;
  }

  std::optional<std::size_t> add_module(FileId id, bool is_std, const fs::path& canonical) {
    auto file = parse_file(id, sources_, diags_);
    if (!file) return std::nullopt;
    std::size_t index = project_.modules.size();
    project_.modules.push_back(Module{std::move(*file), is_std, canonical, {}});
    if (!canonical.empty()) by_path_[canonical] = index;
    // Copy the imports: loading them appends to project_.modules and may move this module.
    std::vector<ast::Import> imports = project_.modules[index].ast.imports;
    for (const ast::Import& imp : imports) {
      auto target = resolve_import(imp, is_std, canonical);
      if (!target) continue;
      if (!is_identifier(imp.alias)) {
        diags_
            .report(DiagKind::bad_import_path, imp.path_span,
                    "`" + imp.alias + "` cannot be used as a name")
            .help("name the import: import \"" + imp.path + "\" as NAME");
        continue;
      }
      auto& table = project_.modules[index].imports;
      if (table.count(imp.alias) > 0) {
        diags_.report(DiagKind::duplicate_import_alias, imp.alias_span, imp.alias)
            .help("give one of them another name with `as`");
        continue;
      }
      table[imp.alias] = *target;
      edges_[index].push_back({*target, imp.span});
    }
    return index;
  }

  std::optional<std::size_t> resolve_import(const ast::Import& imp, bool from_std,
                                            const fs::path& from) {
    const std::string& path = imp.path;
    if (path.rfind("std/", 0) == 0) return load_std(path.substr(4), imp.path_span);
    bool relative = path.rfind("./", 0) == 0 || path.rfind("../", 0) == 0;
    if (!relative || fs::path(path).extension() != ".kmetal" || from_std || from.empty()) {
      std::string why =
          from_std || (relative && from.empty())
              ? "`" + path + "`: relative imports need a file on disk"
              : "`" + path + "` is neither `std/NAME` nor a relative `./…kmetal` path";
      diags_.report(DiagKind::bad_import_path, imp.path_span, why);
      return std::nullopt;
    }
    // Confinement is checked on the written path first, then again after symlinks resolve.
    fs::path target = (from.parent_path() / path).lexically_normal();
    auto outside = [this](const fs::path& p) {
      fs::path rel = p.lexically_relative(root_);
      return rel.empty() || *rel.begin() == "..";
    };
    if (outside(target)) {
      diags_.report(DiagKind::import_outside_root, imp.path_span, path, root_name());
      return std::nullopt;
    }
    std::error_code ec;
    if (!fs::exists(target, ec)) {
      diags_.report(DiagKind::import_not_found, imp.path_span, path);
      return std::nullopt;
    }
    fs::path canonical = fs::canonical(target, ec);
    if (ec || outside(canonical)) {
      diags_.report(DiagKind::import_outside_root, imp.path_span, path, root_name())
          .help("the path leads outside the root through a symbolic link");
      return std::nullopt;
    }
    return load_file(canonical, imp.path_span);
  }

  // Depth-first search over imports; a back edge is a cycle, reported at the import that
  // closes it, with the chain of files.
  void check_cycles() {
    std::vector<int> state(project_.modules.size(), 0);  // 0 new, 1 on stack, 2 done
    std::vector<std::size_t> stack;
    std::function<void(std::size_t)> visit = [&](std::size_t m) {
      state[m] = 1;
      stack.push_back(m);
      for (const auto& [target, span] : edges_[m]) {
        if (state[target] == 1) {
          std::string chain;
          auto from = std::find(stack.begin(), stack.end(), target);
          for (auto it = from; it != stack.end(); ++it) {
            chain += sources_.display(project_.modules[*it].ast.id) + " -> ";
          }
          chain += sources_.display(project_.modules[target].ast.id);
          diags_.report(DiagKind::import_cycle, span, chain);
        } else if (state[target] == 0) {
          visit(target);
        }
      }
      stack.pop_back();
      state[m] = 2;
    };
    for (std::size_t m = 0; m < project_.modules.size(); ++m) {
      if (state[m] == 0) visit(m);
    }
  }

  SourceManager& sources_;
  DiagnosticEngine& diags_;
  Project project_;
  fs::path root_;
  fs::path display_root_;
  std::map<fs::path, std::size_t> by_path_;
  std::map<std::string, std::size_t> std_modules_;
  std::map<std::size_t, std::vector<std::pair<std::size_t, SourceSpan>>> edges_;
};

}  // namespace

std::optional<Project> load_project(const std::string& input, SourceManager& sources,
                                    DiagnosticEngine& diags) {
  return Loader(sources, diags).load(input);
}

std::optional<Project> load_text(const std::string& display, std::string text,
                                 SourceManager& sources, DiagnosticEngine& diags) {
  return Loader(sources, diags).load_text(display, std::move(text));
}

}  // namespace kmetal::frontend
