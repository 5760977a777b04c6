// quota: what each tenant's namespace may consume on the under cluster, derived from the spec
// so that a tenant (whose Flux identity is admin of its namespace) cannot take more than
// `check` proved, while every operation kmetal's own objects need still fits:
//  - worker VMs as the scheduler sees them (capacity.h vm_scheduled), one more per group for
//    a rollout's surge, and one more of the largest for a live migration's second pod;
//  - the control-plane pods, with the extra pods of a Deployment rollout (25%, rounded up);
//  - one CDI importer pod per group importing a new root disk (100m, 60M: CDI's defaults in
//    pkg/controller/config-controller.go), and the containers a LimitRange fills in;
//  - storage as CDI provisions it: each disk inflated by its class's filesystem overhead,
//    plus, per importing disk, the temporary prime and scratch volumes of the same size;
//    the tenant's own volumes on top;
//  - host devices by resource name.
// No limits are set: a quota on limits makes KubeVirt add limits to every VM
// (doesVMIRequireAutoResourceLimits), and a default limit from a LimitRange would cap them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/platform.h"

namespace kmetal::ir {

// The requests a LimitRange gives a container that states none.
inline constexpr Resources kDefaultContainerRequest{100, 128LL << 20, 0};
// CDI's importer pod (one container), as CDIConfig podResourceRequirements defaults it.
inline constexpr Resources kCdiImporterRequest{100, 60'000'000, 0};

// The bytes CDI provisions for a disk of `bytes` in storage class `id` (spec.storage): aligned to
// 1Mi and, on a Filesystem volume, the filesystem overhead added (pkg/util GetRequiredSpace).
// Without a class the default Filesystem overhead of 6% applies.
std::int64_t provisioned_bytes(const Platform& p, StorageClassId id, std::int64_t bytes);

struct Quota {
  Resources compute;  // millicores and memory requested
  std::int64_t storage = 0;
  std::vector<std::pair<std::string, std::int64_t>> per_class;  // storage by class name
  std::vector<std::pair<std::string, std::int64_t>> devices;    // by resource name
};

Quota tenant_quota(const Platform& platform, const Tenant& tenant);

}  // namespace kmetal::ir
