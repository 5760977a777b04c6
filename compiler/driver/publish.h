// kmetal plan and kmetal publish: the compiler's tree against a branch of a git repository.
#pragma once

#include <string>

#include "compiler/gitops/remote.h"

namespace kmetal::driver {

struct GitOptions {
  std::string input;
  std::string repo;
  std::string branch;  // empty: the branch HEAD names, else main
  std::string message;
  std::string author_name;
  std::string author_email;
  std::string push;
  gitops::RemoteAccess access;  // how --push authenticates and checks the server
  std::string format = "text";
  std::string color = "auto";
  bool allow_destroy = false;
  // Lower every tenant, even those whose fingerprint the branch's lock already records.
  bool full = false;
};

// Exit codes: plan 0 (no changes), 2 (changes), 1 (diagnostics), 4 (repository);
// publish 0 (published or nothing to do), 1, 4.
int run_plan(GitOptions options);
int run_publish(GitOptions options);

}  // namespace kmetal::driver
