// The kmetal command line: parses arguments with CLI11, runs a command, maps the outcome
// to the documented exit codes (0 ok, 1 diagnostics, 3 usage, 4 I/O, 70 internal error).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include "compiler/base/diagnostics.h"
#include "compiler/base/internal_error.h"
#include "compiler/driver/output.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/publish.h"
#include "compiler/driver/reports.h"
#include "compiler/emit/tree.h"
#include "compiler/ir/dump.h"
#include "compiler/ir/lock.h"

namespace kmetal::driver {
namespace {

enum ExitCode { kOk = 0, kDiagnostics = 1, kUsage = 3, kIo = 4, kInternal = 70 };

struct Options {
  std::string input;
  std::string out;
  bool to_stdout = false;
  std::string lock;
  std::string write_lock;
  std::string format = "text";
  std::string color = "auto";
  std::string code;
  bool dump_ir = false;
  std::string stop_after = "passes";
};

// Prints the diagnostics (text to stderr, JSON to stdout) and returns the exit code they imply.
int finish(const DiagnosticEngine& diags, const SourceManager& sources, const Options& options,
           bool json_diagnostics = true) {
  std::vector<Diagnostic> sorted = diags.sorted();
  if (options.format == "json" && json_diagnostics) {
    std::cout << render_json(sorted, sources);
  } else {
    std::cerr << render_text(sorted, sources, {use_color(options.color), 20});
  }
  if (diags.has_io_errors()) return kIo;
  return diags.has_errors() ? kDiagnostics : kOk;
}

CompileOptions compile_options(const Options& options) {
  CompileOptions out;
  out.in.input = options.input;
  out.in.lock_path = options.lock;
  return out;
}

int run_check(const Options& options) {
  static const std::map<std::string, Phase> phases = {{"load", Phase::Load},
                                                      {"lower", Phase::Lower},
                                                      {"passes", Phase::Passes},
                                                      {"backends", Phase::Backends}};
  Phase stop_after = phases.at(options.stop_after);
  // What needs the checked IR cannot stop elsewhere; the IR itself exists after lower.
  bool needs_ir = options.dump_ir && stop_after != Phase::Lower && stop_after != Phase::Passes;
  if ((!options.write_lock.empty() && stop_after != Phase::Passes) || needs_ir) {
    std::cerr << "error: " << (needs_ir ? "--dump-ir" : "--write-lock") << " cannot stop after "
              << options.stop_after << "\n";
    return kUsage;
  }
  SourceManager sources;
  DiagnosticEngine diags;
  CompileOptions compile_opts = compile_options(options);
  compile_opts.stop_after = stop_after;
  Compilation result = compile(compile_opts, sources, diags);
  std::string lock;
  if (result.platform && !options.write_lock.empty()) {
    lock = render_lock(*result.platform);
    if (options.write_lock != "-" && !write_file_atomically(options.write_lock, lock)) {
      diags.report(DiagKind::cannot_write, SourceSpan{}, options.write_lock).path =
          options.write_lock;
    }
  }
  int code = finish(diags, sources, options);
  if (code != kOk) return code;
  if (stop_after != Phase::Passes) {
    if (options.dump_ir) {
      std::cout << ir::dump_ir(*result.platform);
    } else if (options.format == "text") {
      std::cout << "ok: no errors up to " << options.stop_after;
      if (result.manifests) std::cout << " (" << result.manifests->manifests.size() << " objects)";
      std::cout << "; stopped there\n";
    }
    return code;
  }
  if (!result.platform) return code;
  if (options.write_lock == "-") {
    std::cout << lock;
  } else if (options.dump_ir) {
    std::cout << ir::dump_ir(*result.platform);
  } else if (options.format == "text") {
    const Summary& s = *result.summary;
    std::cout << "ok: platform \"" << s.platform << "\", " << s.tenants << " tenant"
              << (s.tenants == 1 ? "" : "s") << ", " << s.worker_groups << " worker group"
              << (s.worker_groups == 1 ? "" : "s") << "\n";
  }
  return code;
}

int run_build(const Options& options) {
  SourceManager sources;
  DiagnosticEngine diags;
  CompileOptions compile_opts = compile_options(options);
  // A previous build's lock keeps `auto` allocations where they are, unless --lock says otherwise.
  std::string previous_lock = options.out + "/kmetal.lock";
  if (compile_opts.in.lock_path.empty() && !options.out.empty() && std::ifstream(previous_lock)) {
    compile_opts.in.lock_path = previous_lock;
  }
  compile_opts.stop_after = options.to_stdout ? Phase::Backends : Phase::Emit;
  // Files go to the staging folder as they are emitted; DIR changes only when all are written.
  StagedTree staged(options.out);
  if (!options.to_stdout) {
    compile_opts.sink = [&staged](const std::string& path, std::string contents) {
      staged.write(path, std::move(contents));
    };
  }
  Compilation result = compile(compile_opts, sources, diags);
  if (result.manifests) {
    int code = finish(diags, sources, options);
    std::cout << emit::yaml_stream(*result.manifests);
    return code;
  }
  if (result.emitted) {
    std::string problem = staged.commit();
    if (!problem.empty()) {
      diags.report(DiagKind::cannot_write, SourceSpan{}, options.out + " (" + problem + ")").path =
          options.out;
    } else if (options.format == "text") {
      std::cout << "wrote " << result.files << " files for platform \"" << result.summary->platform
                << "\" (" << result.summary->tenants << " tenants) to " << options.out << "\n";
    }
  }
  return finish(diags, sources, options);
}

int run_capacity(const Options& options) {
  SourceManager sources;
  DiagnosticEngine diags;
  Compilation result = compile(compile_options(options), sources, diags);
  // The table is useful precisely when capacity fails, so it is printed whenever the IR
  // passes ran, errors or not. Diagnostics stay text on stderr; stdout holds the report.
  int code = finish(diags, sources, options, false);
  if (!result.capacity) return code;
  const ir::CapacityReport& report = *result.capacity;
  std::cout << (options.format == "json" ? capacity_json(report) : capacity_table(report));
  return code;
}

// A message format with each placeholder shown as "…": `unknown attribute `…` in `…``.
std::string message_shape(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format.compare(i, 2, "{{") == 0 || format.compare(i, 2, "}}") == 0) {
      out += format[i++];
    } else if (format[i] == '{') {
      i = format.find('}', i);
      out += "…";
    } else {
      out += format[i];
    }
  }
  return out;
}

int run_explain(const Options& options) {
  const DiagInfo* d = find_diagnostic(options.code);
  if (d == nullptr) {
    std::cerr << "kmetal: error: no diagnostic " << options.code
              << " (codes look like KM1202; see `kmetal explain --list`)\n";
    return kUsage;
  }
  std::cout << d->code << " (" << d->name << "): " << message_shape(d->format) << "\n\n"
            << fmt::format(fmt::runtime(d->explanation)) << "\n";
  return kOk;
}

int run_explain_list() {
  for (const DiagInfo& d : diagnostic_registry()) std::cout << d.code << "  " << d.name << "\n";
  return kOk;
}

int main_impl(int argc, char** argv) {
  CLI::App app{"kmetal: compile a bare-metal multi-tenant Kubernetes platform to Flux manifests"};
  app.require_subcommand(1);
  Options options;
  bool list = false;

  // The options every spec-reading command shares: the spec, and how diagnostics look.
  auto add_spec = [](CLI::App* cmd, std::string& input, std::string& format, std::string& color) {
    cmd->add_option("path", input, "a .kmetal file or a project directory")->required();
    cmd->add_option("--format", format, "output and diagnostic format")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--color", color,
                    "colour diagnostics: auto (on a terminal, unless NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
  };

  auto* check =
      app.add_subcommand("check", "Parse and check a spec (a .kmetal file or a directory)");
  add_spec(check, options.input, options.format, options.color);
  check->add_option("--lock", options.lock,
                    "the previous kmetal.lock: allocations stay where it put them");
  check->add_option("--write-lock", options.write_lock,
                    "write the resulting allocations to this file (`-` for stdout)");
  check
      ->add_option("--stop-after", options.stop_after,
                   "stop after this phase: load (parse, resolve), lower (the IR), passes "
                   "(allocation and checks), backends (manifests, lowered and linked)")
      ->check(CLI::IsMember({"load", "lower", "passes", "backends"}))
      ->capture_default_str();
  check->add_flag("--dump-ir", options.dump_ir,
                  "print the IR after every pass (allocations, defaults, object names, layers)");

  auto* build = app.add_subcommand("build", "Check a spec and write its Flux manifest tree");
  add_spec(build, options.input, options.format, options.color);
  auto* out_option =
      build->add_option("-o,--out", options.out, "the output directory (replaced atomically)");
  auto* stdout_flag = build->add_flag("--stdout", options.to_stdout,
                                      "print every object as one YAML stream instead");
  out_option->excludes(stdout_flag);
  build->add_option("--lock", options.lock,
                    "the previous kmetal.lock (default: OUT/kmetal.lock if present)");

  GitOptions git;
  auto add_git = [&git, &add_spec](CLI::App* cmd) {
    add_spec(cmd, git.input, git.format, git.color);
    cmd->add_option("--repo", git.repo, "the git repository (bare or not)")->required();
    cmd->add_option("--branch", git.branch,
                    "the branch Flux watches (default: the one the repository's HEAD names, else "
                    "main)");
    cmd->add_flag("--full", git.full,
                  "lower every tenant again, also those the branch holds as this spec makes them");
  };
  auto* plan = app.add_subcommand("plan", "Show what publishing would change on the branch");
  add_git(plan);
  auto* publish =
      app.add_subcommand("publish", "Commit the manifest tree to a branch of a git repository");
  add_git(publish);
  publish->add_option("-m,--message", git.message, "the commit message's first line");
  publish->add_option("--author-name", git.author_name,
                      "the commit author (default: git config user.name)");
  publish->add_option("--author-email", git.author_email,
                      "the author's email (default: git config user.email)");
  publish->add_flag("--allow-destroy", git.allow_destroy,
                    "allow removing tenants or renumbering networks");
  publish->add_option("--push", git.push,
                      "push the branch to this remote (name, path or URL), never forced");
  publish->add_option("--ssh-key", git.access.ssh_key,
                      "push over SSH with this private key (passphrase: $KMETAL_SSH_PASSPHRASE; "
                      "default: the ssh-agent)");
  publish->add_option("--known-hosts", git.access.known_hosts,
                      "the SSH host keys to trust (default: ~/.ssh/known_hosts)");
  publish->add_option("--ca-bundle", git.access.ca_bundle,
                      "the CAs to trust for HTTPS, a PEM file (default: the system's)");

  auto* capacity = app.add_subcommand("capacity", "Print host-pool and tenant capacity usage");
  add_spec(capacity, options.input, options.format, options.color);
  capacity->add_option("--lock", options.lock, "the previous kmetal.lock");

  auto* explain = app.add_subcommand("explain", "Explain a diagnostic code, e.g. KM1202");
  explain->add_option("code", options.code, "the diagnostic code");
  explain->add_flag("--list", list, "list every diagnostic code");

  auto* version = app.add_subcommand("version", "Print the kmetal version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  if (check->parsed()) return run_check(options);
  if (capacity->parsed()) return run_capacity(options);
  if (plan->parsed()) return run_plan(git);
  if (publish->parsed()) return run_publish(git);
  if (build->parsed()) {
    if (options.out.empty() && !options.to_stdout) {
      std::cerr << "kmetal: error: build needs -o DIR or --stdout\n";
      return kUsage;
    }
    return run_build(options);
  }
  if (explain->parsed()) {
    if (list) return run_explain_list();
    if (options.code.empty()) {
      std::cerr << "kmetal: error: explain needs a code, e.g. `kmetal explain KM1202`, or --list\n";
      return kUsage;
    }
    return run_explain(options);
  }
  if (version->parsed()) {
    // The output identity changes with any source that shapes the output: a kmetal whose
    // identity differs from the one that published a branch lowers every tenant again.
    std::cout << "kmetal " << KMETAL_VERSION << " (output " << std::string(output_identity(), 12)
              << ")\n";
    return kOk;
  }
  return kUsage;
}

}  // namespace
}  // namespace kmetal::driver

int main(int argc, char** argv) {
  try {
    return kmetal::driver::main_impl(argc, argv);
  } catch (const kmetal::InternalError& e) {
    std::cerr << "internal compiler error: " << e.what()
              << "\nthis is a bug in kmetal; please report it with the input that caused it\n";
  } catch (const std::exception& e) {
    std::cerr << "internal compiler error: " << e.what() << "\n";
  }
  return kmetal::driver::kInternal;
}
