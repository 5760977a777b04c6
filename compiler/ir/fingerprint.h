// Tenant fingerprints: a SHA-256 over every input that shapes one tenant's files, so a
// publish can leave a tenant whose fingerprint the branch's lock already records where it is,
// without lowering or emitting it again.
//
// A tenant's files are a function of: the compiler (its version, `salt`), everything in the
// Platform that is not a tenant (pools, networks, egress, defaults, the shared rows of the
// object table and the shared Flux layers), the tenant itself with its rows and layers, and
// the tenants it peers with (a VPC peering names the other side's VPC, CIDR and link). The
// writer destructures every IR struct with a structured binding, so a field added to any of
// them stops this file from compiling until it is hashed or ruled out here. Spans are ruled
// out: they locate diagnostics and never reach a manifest. Ids are written as what they name
// (an object row's kind, namespace and name; a pool's name), never as indices, which move when
// another tenant is added.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/platform.h"

namespace kmetal::ir {

// One lowercase hex SHA-256 per tenant, in Platform::tenants order.
std::vector<std::string> tenant_fingerprints(const Platform& platform, std::string_view salt);

}  // namespace kmetal::ir
