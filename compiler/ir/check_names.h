// check_names: every name in the object table (name_objects) is one its kind's controllers
// accept, unique in its scope, and not one the platform's components own.
//   tenant "kube-system" { ... }          =>  KM2001 (the platform uses that namespace)
//   tenant "join" { ... }                 =>  KM2001 (Kube-OVN's own join Subnet)
//   egress "uplink" + tenant "kmetal-..." =>  KM2001 (kmetal- names are kmetal's)
//   a 45-character overlay tenant name    =>  KM2004 (its VpcNatGateway allows 41)
// Two declarations naming one object is KM2005, at the second with a note at the first.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

void check_names(const Platform& platform, DiagnosticEngine& diags);

}  // namespace kmetal::ir
