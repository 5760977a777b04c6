// check_versions: Kubernetes versions are ones kmetal supports (one table), worker groups
// respect the skew policy against their control plane (never newer, at most three minors
// older), and against the lock each control plane moves at most one minor, never down.
//   control_plane { kubernetes = "1.31.4" }  workers "w" { kubernetes = "1.32.0" }  =>  KM2502
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/lock.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

struct SupportedVersions {
  int major;
  int oldest_minor;
  int newest_minor;
};
// The one place that says which Kubernetes minors kmetal emits manifests for.
inline constexpr SupportedVersions kSupportedVersions{1, 29, 35};

void check_versions(const Platform& platform, const Lock* previous, DiagnosticEngine& diags);

}  // namespace kmetal::ir
