// capacity: proves the VMs fit the hardware, and reports how full it is.
//  1. every worker VM and control-plane pod fits one host of some pool after `reserve` and
//     overcommit;
//  2. the sums fit the pools;
//  3. a placement exists (first-fit decreasing) that puts each group's replicas on distinct
//     hosts when there are enough hosts; with failure_tolerance = k, one still exists after
//     losing the k largest hosts.
// A failure says which resource, by how much, and which tenants/groups are largest.
#pragma once

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

struct PoolUsage {
  std::string name;
  std::int64_t hosts = 0;
  Resources capacity;   // all hosts, after reserve and overcommit
  Resources requested;  // what the placement put on them
};

struct TenantUsage {
  std::string name;
  std::int64_t vms = 0;           // worker VMs
  std::int64_t control_pods = 0;  // control-plane replicas
  Resources requested;
};

struct CapacityReport {
  std::vector<PoolUsage> pools;
  std::vector<TenantUsage> tenants;
  Resources capacity;
  Resources requested;
  bool placed = false;  // a placement was found (and survives failure_tolerance)
};

// One host's usable resources in `pool`: declared minus reserve, times the overcommit ratios.
Resources effective_host(const Platform& platform, const HostPool& pool);

CapacityReport check_capacity(const Platform& platform, DiagnosticEngine& diags);

std::string format_cpu(std::int64_t millicores);
std::string format_bytes(std::int64_t bytes);

}  // namespace kmetal::ir
