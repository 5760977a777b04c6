// kmetal.lock: the allocations (`auto` CIDRs, VIPs, VLANs, egress addresses), control-plane
// versions and pinned add-on versions of a previous run, so that the next run keeps every
// allocation where it was; and the platform facts a plan compares (the interface of each
// provider network and egress, each VIP pool's advertisement). Text, one fact per line
// (`platform KIND NAME KEY VALUE`, then `tenant NAME KEY VALUE`), sorted: diff-friendly.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

struct TenantLock {
  std::optional<Cidr> cidr;
  std::optional<IpAddress> vip;
  std::optional<std::int64_t> vlan;
  std::optional<IpAddress> egress_ip;
  std::optional<Version> kubernetes;
  std::optional<std::string> csi;             // the CSI driver's image
  std::optional<std::string> cloud_provider;  // the cloud provider's image
  std::optional<std::string> cni;  // "cilium@1.16.3": the add-on versions a plan compares
  // The tenant's fingerprint (ir/fingerprint.h) when its files were written: a publish whose
  // fingerprint for the tenant is the same leaves those files as the branch holds them.
  std::optional<std::string> fingerprint;
};

struct Lock {
  int version = 0;  // of the file's format: 1, 2 or 3
  std::map<std::string, TenantLock> tenants;
  // "KIND NAME KEY" -> value: `provider_network physnet1 interface` -> `bond1`. Empty in a
  // lock older than version 3.
  std::map<std::string, std::string> platform;
};

// Parses a lock file already registered with the SourceManager; errors point into it.
std::optional<Lock> parse_lock(FileId file, const SourceManager& sources, DiagnosticEngine& diags);

// `lock` without the fingerprint lines of `tenants` (of every tenant when null).
std::string without_fingerprints(std::string_view lock, const std::set<std::string>* tenants);

// The lock for an allocated platform: every tenant's final network, VIP, VLAN, egress
// address and control-plane version, and its fingerprint when `fingerprints` (one per tenant,
// in order) is not empty.
std::string render_lock(const Platform& platform, const std::vector<std::string>& fingerprints);

}  // namespace kmetal::ir
