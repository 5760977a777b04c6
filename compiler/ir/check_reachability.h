// check_reachability: the paths a tenant needs at runtime exist, beyond what the isolation
// checks prove.
//  - Worker VMs resolve names: each tenant has nameservers (KubeVirt's default, the under
//    cluster's cluster DNS, is out of reach), and each lies where the tenant's gateway can
//    route to it: not in `reserved`, in its own cluster's pod or service range, in another
//    tenant's network, among the VIPs kmetal hands out or on an egress network (but for its
//    gateway), and in its network's address family.
//      platform { nameservers = [10.96.0.10] reserved = [10.96.0.0/12] }   =>  KM2109
//  - The VIP admits at most the number of source ranges Kamaji accepts.
//  - An exception to isolation is two-sided: `allow "b"` in tenant a needs `allow "a"` in b,
//    both overlay tenants (their VPCs peer).
// The under cluster's own controllers reach each tenant API through its in-cluster Service
// (the kamaji backend's admin.svc annotation), a path kube-proxy does not filter by source.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

void check_reachability(const Platform& platform, DiagnosticEngine& diags);

}  // namespace kmetal::ir
