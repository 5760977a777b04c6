// check_attachments: how tenants attach to the physical and the MetalLB side.
//  - VLANs (tenants and egresses) inside their provider network's range, unique per provider;
//  - VIPs unique, inside their pool, never the network or broadcast address of a CIDR pool;
//    a pool announced by BGP has peers to announce to;
//  - each egress attached by exactly one of `interface` or `provider` + `vlan`, with its
//    gateway and addresses inside its network and the gateway not handed out, and room
//    outside `addresses` for one NAT gateway address per overlay tenant leaving through it.
// Uniqueness is checked by sorting, never by comparing all pairs.
//   tenant a { network { vlan = 120 } }  tenant b { network { vlan = 120 } }  =>  KM2202
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

void check_vlans(const Platform& platform, DiagnosticEngine& diags);
void check_vips(const Platform& platform, DiagnosticEngine& diags);
void check_egresses(const Platform& platform, DiagnosticEngine& diags);

}  // namespace kmetal::ir
