// name_objects: names every object kmetal will emit, once, and decides the Flux layer (and so
// the folder) each belongs to. Its output is Platform::objects (the object table) and
// Platform::layers; every entity holds the ObjectIds of its objects.
//   tenant "acme" (overlay), platform "dc1"  =>
//     platform/dc1/tenants/acme/network/  Namespace acme, Subnet acme, Vpc kmetal-vpc-acme, ...
//     platform/dc1/tenants/acme/egress/   VpcNatGateway acme, IptablesEIP acme
//     platform/dc1/tenants/acme/snat/     IptablesSnatRule acme
//     tenants/acme/                       KamajiControlPlane acme, MachineDeployment acme-gpu,
//                                         KubevirtMachineTemplate acme-gpu-<hash>, ...
// Names that kmetal derives never start with a user's name followed by a kmetal suffix that
// another user name could produce: kmetal's own objects carry the `kmetal-` prefix, which
// tenant names may not (check_names).
#pragma once

#include "compiler/ir/platform.h"

namespace kmetal::ir {

void name_objects(Platform& platform);

}  // namespace kmetal::ir
