// lower: the frontend's checked Spec to an ir::Platform, in one pass. Fills the defaults that
// need context (the only provider network, egress or VIP pool; the control plane's version;
// the cluster DNS address, by kubeadm's convention the tenth address of the service range),
// and reports the ones that are ambiguous.
#pragma once

#include <optional>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/spec.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

std::optional<Platform> lower(const frontend::Spec& spec, DiagnosticEngine& diags);

}  // namespace kmetal::ir
