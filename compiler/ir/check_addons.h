// check_addons: every tenant cluster gets what its nodes need to become Ready, decided in the
// spec: a CNI (a platform default or the tenant's own; `none` when the worker image or the
// operator brings one), with its chart version pinned and a chart source to fetch it from; a
// tenant with volumes of its own, the CSI driver that provisions them, its image pinned.
//   platform { ... } (no cni)  tenant "acme" { ... }  =>  KM2801
//   tenant "acme" { storage { size = 1Ti } } (no csi)  =>  KM2803
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

void check_addons(const Platform& platform, DiagnosticEngine& diags);

}  // namespace kmetal::ir
