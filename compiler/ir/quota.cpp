#include "compiler/ir/quota.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "compiler/ir/capacity.h"
#include "compiler/ir/check_placement.h"
#include "compiler/ir/network.h"

namespace kmetal::ir {
namespace {

constexpr std::int64_t kAlign = std::int64_t{1} << 20;

void add(Resources& total, const Resources& r, std::int64_t times) {
  total.millicores += r.millicores * times;
  total.memory += r.memory * times;
}

}  // namespace

std::int64_t provisioned_bytes(const Platform& p, StorageClassId id, std::int64_t bytes) {
  std::int64_t aligned = (bytes + kAlign - 1) / kAlign * kAlign;
  bool block = id.valid() && p.storage_class(id).block;
  if (block) return aligned;
  std::int64_t per_mille = id.valid() ? p.storage_class(id).overhead_per_mille : 60;
  __int128 inflated = (static_cast<__int128>(aligned) * (1000 + per_mille) + 999) / 1000;
  return inflated > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(inflated);
}

Quota tenant_quota(const Platform& p, const Tenant& t) {
  Quota q;
  std::map<std::string, std::int64_t> per_class;
  std::map<std::string, std::int64_t> devices;
  Resources largest;
  auto store = [&](StorageClassId id, std::int64_t bytes) {
    q.storage += bytes;
    if (id.valid()) per_class[p.storage_class(id).name] += bytes;
  };
  for (const WorkerGroup& g : t.workers) {
    if (g.replicas == 0) continue;
    Resources vm = vm_scheduled(p, g);
    std::int64_t vms = g.replicas + kRolloutSurge;
    add(q.compute, vm, vms);
    add(q.compute, kCdiImporterRequest, 1);
    if (std::tie(vm.memory, vm.millicores) > std::tie(largest.memory, largest.millicores)) {
      largest = vm;
    }
    std::int64_t disk = provisioned_bytes(p, g.storage_class, g.size.storage);
    store(g.storage_class, disk * (vms + 2));  // and the import's prime and scratch volumes
    int device = device_of(p, g);
    if (device >= 0) {
      const Device& d = p.host_pool(g.pool).devices[static_cast<std::size_t>(device)];
      devices[d.resource] += g.gpus * vms;
    }
  }
  add(q.compute, largest, 1);  // a live migration's second launcher pod
  const ControlPlane& cp = t.control_plane;
  add(q.compute, control_plane_pod(cp), cp.replicas + (cp.replicas + 3) / 4);
  if (t.csi.declared) add(q.compute, kCsiControllerPod, 1);             // recreated, never two
  if (t.cloud_provider.declared) add(q.compute, kCloudProviderPod, 2);  // and a rollout's
  add(q.compute, kDefaultContainerRequest, 2);  // containers that state no requests
  if (t.storage.size > 0) {
    store(t.storage.storage_class, provisioned_bytes(p, t.storage.storage_class, t.storage.size));
  }
  q.per_class.assign(per_class.begin(), per_class.end());
  q.devices.assign(devices.begin(), devices.end());
  return q;
}

}  // namespace kmetal::ir
