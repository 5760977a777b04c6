// Facts about a tenant's node network that the backends emit and the checks prove, stated
// once: which addresses kmetal keeps for itself and how many machines the subnet must hold.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/base/address.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

// The subnet's gateway: its first host address (the physical router of an underlay VLAN, the
// VPC router of an overlay subnet).
inline IpAddress subnet_gateway(const Cidr& cidr) {
  return IpAddress{cidr.address.family, cidr.first().value + 1};
}

// An overlay tenant's NAT gateway LAN address: the subnet's last host address.
inline IpAddress nat_gateway_lan_ip(const Cidr& cidr) {
  return IpAddress{cidr.address.family, cidr.last().value - 1};
}

// Cluster API rolls a MachineDeployment one extra machine at a time: the default
// rollingUpdate.maxSurge is 1 (core/webhooks/admission/machinedeployment.go Default), and the
// capi backend writes it explicitly. Every group of a tenant may roll at once (an upgrade).
inline constexpr std::int64_t kRolloutSurge = 1;

// The addresses Kube-OVN's IPAM can hand out in `cidr`: all of them but the network address
// and, in IPv4, the broadcast address (util.ExpandExcludeIPs drops both). Saturates.
inline uint128 subnet_addresses(const Cidr& cidr) {
  uint128 size = cidr.last().value - cidr.first().value;  // one less than the count
  bool v4 = cidr.address.family == IpFamily::V4;
  return size >= 1 ? size - (v4 ? 1 : 0) : 0;
}

// Who may reach the tenant's API VIP, as the VIP sees them: its workers after SNAT (the
// egress address) or on their VLAN (the subnet), plus the declared admin ranges; sorted,
// without duplicates.
std::vector<Cidr> vip_source_ranges(const Platform& platform, const Tenant& tenant);

// Kamaji refuses more source ranges than this (TenantControlPlane CRD,
// spec.networkProfile.loadBalancerSourceRanges maxItems).
inline constexpr std::size_t kMaxSourceRanges = 16;

}  // namespace kmetal::ir
