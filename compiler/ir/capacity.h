// capacity: proves the VMs fit the hardware as the scheduler will see it, and reports how
// full it is. A worker VM's virt-launcher pod requests the VM's size divided by the overcommit
// ratios (kmetal writes those requests; KubeVirt's own default ratio of 10 never applies) plus
// KubeVirt's memory overhead; a host offers what it has after `reserve`.
//  1. every worker VM and control-plane pod fits one host of some pool;
//  2. the sums fit the pools, and each storage class that declares a capacity holds the disks
//     and tenant volumes in it (a disk in a declared class takes no host storage);
//  3. a placement exists (first-fit decreasing) that spreads each worker group the way its
//     topology spread constraint (maxSkew 1 over hosts) demands: every host the group may use
//     holds floor(r/H) or ceil(r/H) of its r replicas, H being those hosts (its pinned pool,
//     else every pool not dedicated to a tenant; control-plane pods likewise), and gives each
//     VM the host devices (GPUs) it takes; with failure_tolerance = k, one still exists after
//     losing the k largest hosts.
// A failure says which resource, by how much, and which tenants/groups are largest.
#pragma once

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/platform.h"

namespace kmetal::ir {

struct DeviceUsage {
  std::string name;  // the pool's name for it
  std::int64_t capacity = 0;
  std::int64_t requested = 0;
};

struct PoolUsage {
  std::string name;
  std::int64_t hosts = 0;
  std::string dedicated;  // the tenant it is dedicated to, or empty
  Resources capacity;     // all hosts, after reserve
  Resources requested;    // what the placement put on them
  std::vector<DeviceUsage> devices;
};

struct TenantUsage {
  std::string name;
  std::int64_t vms = 0;           // worker VMs
  std::int64_t control_pods = 0;  // control-plane replicas
  std::int64_t dedicated_hosts = 0;
  Resources requested;       // storage: on hosts
  std::int64_t volumes = 0;  // bytes in storage classes (disks and the tenant's own volumes)
};

// A storage class: what it holds (0: not declared) and what the VM disks in it and the
// tenants' own volumes take, as CDI provisions them.
struct StorageClassUsage {
  std::string name;
  std::int64_t capacity = 0;
  std::int64_t requested = 0;
};

struct CapacityReport {
  std::vector<PoolUsage> pools;
  std::vector<TenantUsage> tenants;
  std::vector<StorageClassUsage> storage_classes;
  Resources capacity;
  Resources requested;
  bool placed = false;  // a placement was found (and survives failure_tolerance)
};

// One host's allocatable resources in `pool`: declared minus reserve.
Resources effective_host(const HostPool& pool);

// A worker VM's whole vCPUs: KubeVirt counts cores, so a fractional size rounds up.
std::int64_t vm_vcpus(const Resources& size);

// What kmetal writes into a worker VM's domain.resources.requests: its size divided by the
// overcommit ratios, rounded up.
Resources vm_request(const Platform& platform, const Resources& size);

// The memory KubeVirt adds to a VM's virt-launcher pod request, as KvmHypervisorBackend::
// GetMemoryOverhead (pkg/hypervisor/kvm/hypervisorbackend.go) computes it for kmetal's VMs
// (x86, no VFIO, probes, TPM or SEV; a graphics device attached by default): page tables
// (request / 512), 240Mi for the launcher's processes, 8Mi per vCPU, 8Mi for the IO thread
// and 32Mi of video memory; with host devices (VFIO) 1Gi more.
std::int64_t kubevirt_memory_overhead(std::int64_t memory_request, std::int64_t vcpus,
                                      bool host_devices = false);

// The guest-console-log sidecar of every worker VM's launcher pod (kmetal turns serial console
// logging on explicitly): 5m cpu and 35M memory requested, added to the pod's requests as a
// native sidecar (pkg/virt-controller/services/serialconsolelog.go
// resourcesForSerialConsoleLogContainer).
inline constexpr Resources kConsoleLogSidecar{5, 35'000'000, 0};

// The control-plane pod's containers besides the API server (which gets the spec's size),
// with the requests the kamaji backend writes for them, so the whole pod's request is known:
// scheduler, controller manager, konnectivity server, and kine (present only with a kine
// DataStore; counted always).
inline constexpr Resources kSchedulerRequest{100, 128LL << 20, 0};
inline constexpr Resources kControllerManagerRequest{200, 256LL << 20, 0};
inline constexpr Resources kKonnectivityServerRequest{100, 128LL << 20, 0};
inline constexpr Resources kKineRequest{100, 128LL << 20, 0};

// One control-plane pod's request: the API server's size plus the containers above.
Resources control_plane_pod(const ControlPlane& cp);

// The KubeVirt CSI controller's pod in a tenant's namespace (addons backend): the driver and
// its provisioner, attacher and resizer sidecars, each requesting this much.
inline constexpr Resources kCsiContainerRequest{10, 50LL << 20, 0};
inline constexpr std::int64_t kCsiControllerContainers = 4;
// The KubeVirt cloud controller manager's pod in a tenant's namespace (addons backend).
inline constexpr Resources kCloudProviderPod{50, 100LL << 20, 0};
inline constexpr Resources kCsiControllerPod{
    kCsiContainerRequest.millicores * kCsiControllerContainers,
    kCsiContainerRequest.memory* kCsiControllerContainers, 0};

// What a worker VM's virt-launcher pod asks the scheduler for: vm_request plus KubeVirt's
// memory overhead plus the console-log sidecar.
Resources vm_scheduled(const Platform& platform, const WorkerGroup& group);

CapacityReport check_capacity(const Platform& platform, DiagnosticEngine& diags);

std::string format_cpu(std::int64_t millicores);
std::string format_bytes(std::int64_t bytes);

}  // namespace kmetal::ir
