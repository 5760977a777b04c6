// check_addresses: address isolation across the platform, in O(n log n).
//  - tenant node networks pairwise disjoint, inside tenant_space, disjoint from `reserved`,
//    VIP pools and egress addresses; VIP pools disjoint from each other and from `reserved`
//    (one sort of every range, then a sweep: never all pairs);
//  - inside a tenant, node, pod and service CIDRs pairwise disjoint, and pods and services
//    disjoint from `reserved`; the cluster DNS address usable inside the service range;
//  - each tenant network holds its machines: every worker VM, one surge machine per group
//    while it rolls, and the addresses kmetal keeps (gateway, NAT gateway LAN address).
//   tenant a { cidr = 10.64.0.0/23 }  tenant b { cidr = 10.64.1.0/24 }  =>  error KM2101
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

void check_addresses(const Platform& platform, DiagnosticEngine& diags);

}  // namespace kmetal::ir
