// check_placement: worker groups run where the spec can place them.
//  - a host pool `dedicated` to a tenant names one that exists;
//  - a group pins (`pool`) only a pool that is not dedicated to another tenant;
//  - a group's `gpu` names a device its pinned pool offers (devices belong to pools), and
//    `gpus` comes with `gpu`.
//   host_pool "metal" { dedicated = "acme" }  tenant "globex" { workers "w" { pool = metal } }
//     =>  KM3005
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

void check_placement(const Platform& platform, DiagnosticEngine& diags);

// The device index a group's `gpu` names in its pinned pool, or -1.
int device_of(const Platform& platform, const WorkerGroup& group);

}  // namespace kmetal::ir
