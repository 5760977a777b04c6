// The compiler on one screen: each phase takes a value and returns one, and the driver stops
// between phases when errors were reported, or after the phase a command asked for. Every
// command, and the fuzzer, runs the compiler through compile(); none puts the phases together
// itself.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/backends/manifest.h"
#include "compiler/base/diagnostics.h"
#include "compiler/emit/tree.h"
#include "compiler/ir/analyze.h"
#include "compiler/ir/capacity.h"
#include "compiler/ir/platform.h"

namespace kmetal::driver {

// The phases, in order. Load reads the lock and the spec (load, parse, resolve, schema);
// Lower turns the Spec into the IR; Passes allocates, names every object and proves
// isolation, reachability and capacity; Backends lowers the IR to manifests and links them
// (stopping after it keeps them all); Emit lowers and writes the shared objects and then a
// batch of tenants at a time, each batch freed once written, and the lock last.
enum class Phase { Load, Lower, Passes, Backends, Emit };

struct CompileOptions {
  ir::Sources in;  // the spec and the previous lock
  Phase stop_after = Phase::Passes;
  // Incremental emit: asked, after the passes, for each tenant whose fingerprint
  // (ir/fingerprint.h) is the one the lock records; when it answers true, the tenant is not
  // lowered or emitted, and its folders are left to the previous tree (Compilation::kept).
  // The caller answers true only if that tree holds the tenant's files as the lock's run wrote
  // them. Unset: every tenant is lowered.
  std::function<bool(const ir::Platform&, const ir::Tenant&)> reuse;
  // Where Emit writes each file (e.g. a staging directory); unset: into Compilation::tree.
  emit::TreeWriter::Sink sink;
};

// What the platform is, kept when the IR itself is not.
struct Summary {
  std::string platform;
  std::size_t tenants = 0;
  std::size_t worker_groups = 0;
  std::size_t reused = 0;  // tenants left to the previous tree (CompileOptions::reuse)
};

// What a compilation keeps: the summary and the capacity report once the passes ran, and the
// product of the phase it stopped after when that is Lower (the IR before the passes), Passes,
// Backends or Emit (stopping after Load leaves only diagnostics). Nothing earlier is kept: the spec
// is gone once the IR exists, and Emit holds the object model of one batch at a time beside the IR.
struct Compilation {
  std::optional<Summary> summary;                  // set when the IR passes succeeded
  std::optional<ir::CapacityReport> capacity;      // set when the IR passes ran, even with errors
  std::optional<ir::Platform> platform;            // stop_after == Lower or Passes, no errors
  std::optional<backends::ManifestSet> manifests;  // stop_after == Backends
  std::optional<emit::FileTree> tree;              // stop_after == Emit, without a sink
  std::vector<std::string> kept;  // the folders of the reused tenants, which `tree` leaves out
  bool emitted = false;           // Emit ran: every file went to the sink or into `tree`
  std::size_t files = 0;          // how many files Emit wrote
};

// The kmetal.lock of a checked platform, with every tenant's fingerprint.
std::string render_lock(const ir::Platform& platform);

// The SHA-256 of the sources that shape kmetal's output (part of every fingerprint).
const char* output_identity();

Compilation compile(const CompileOptions& options, SourceManager& sources, DiagnosticEngine& diags);

}  // namespace kmetal::driver
