// Loads a project: the input files (one file, or every *.kmetal under a directory) and,
// transitively, what they import from the stdlib or by relative path. Owns all file I/O of
// the frontend; reports missing, escaping and cyclic imports.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/ast.h"

namespace kmetal::frontend {

struct Module {
  ast::File ast;
  bool is_std = false;
  std::filesystem::path path;                  // canonical path; empty for std modules
  std::map<std::string, std::size_t> imports;  // alias -> index into Project::modules
};

struct Project {
  std::string root_display;  // the path the user gave, for messages
  std::vector<Module> modules;
};

// Returns the project when every file loaded and parsed; errors are in `diags` otherwise.
std::optional<Project> load_project(const std::string& input, SourceManager& sources,
                                    DiagnosticEngine& diags);

// Loads one in-memory file as a project (fuzzing, tests): stdlib imports work, relative do not.
std::optional<Project> load_text(const std::string& display, std::string text,
                                 SourceManager& sources, DiagnosticEngine& diags);

}  // namespace kmetal::frontend
