#include "compiler/ir/capacity.h"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "compiler/ir/check_placement.h"
#include "compiler/ir/quota.h"

namespace kmetal::ir {
namespace {

// A set of identical VMs or pods: one worker group or one tenant's control plane.
struct Group {
  std::string label;        // `workers "gpu" of tenant "acme"`
  std::string short_label;  // acme/gpu
  SourceSpan span;
  Resources size;
  std::int64_t replicas;
  std::size_t tenant;
  std::vector<std::size_t> pools;  // the pools it may run in, in declaration order
  int device = -1;                 // the index of the device it takes in its (one) pool
  std::int64_t devices = 0;        // how many per replica
};

struct Host {
  std::size_t pool;
  Resources free;
  std::vector<std::int64_t> devices;  // free count per device of its pool
  std::size_t index = 0;              // its position among all hosts, pools in order
};

bool fits(const Resources& need, const Resources& free) {
  return need.millicores <= free.millicores && need.memory <= free.memory &&
         need.storage <= free.storage;
}

bool fits(const Group& g, const Host& h) {
  if (!fits(g.size, h.free)) return false;
  return g.device < 0 || h.devices.at(static_cast<std::size_t>(g.device)) >= g.devices;
}

// Each pool's hosts, as a range of a host vector kept in pool order.
std::vector<std::pair<std::size_t, std::size_t>> pool_ranges(const std::vector<Host>& hosts,
                                                             std::size_t pools) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges(pools, {0, 0});
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    auto& r = ranges[hosts[i].pool];
    if (r.first == r.second) r.first = i;
    r.second = i + 1;
  }
  return ranges;
}

std::string describe(const Resources& r, bool with_storage) {
  std::string out = format_cpu(r.millicores) + " cpu, " + format_bytes(r.memory) + " memory";
  if (with_storage) out += ", " + format_bytes(r.storage) + " disk";
  return out;
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  return a > INT64_MAX - b ? INT64_MAX : a + b;
}
std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
  __int128 v = static_cast<__int128>(a) * b;
  return v > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(v);
}
void add(Resources& total, const Resources& r, std::int64_t times) {
  total.millicores = saturating_add(total.millicores, saturating_mul(r.millicores, times));
  total.memory = saturating_add(total.memory, saturating_mul(r.memory, times));
  total.storage = saturating_add(total.storage, saturating_mul(r.storage, times));
}

// The first host, in pool order, with at least a given free cpu, memory and disk: a segment
// tree whose nodes hold the largest free amount of each resource below them answers that in
// O(log hosts) per host skipped, whichever resource is the scarce one. (A subtree is entered
// only if, in every resource, some host below it has enough; a leaf is returned only if it has
// enough of all three.)
class FirstFit {
 public:
  explicit FirstFit(const std::vector<Host>& hosts) : size_(1) {
    while (size_ < hosts.size()) size_ *= 2;
    tree_.assign(2 * size_, Resources{-1, -1, -1});
    for (std::size_t h = 0; h < hosts.size(); ++h) tree_[size_ + h] = hosts[h].free;
    for (std::size_t i = size_ - 1; i > 0; --i) pull(i);
  }
  void update(std::size_t host, const Resources& free) {
    std::size_t i = size_ + host;
    tree_[i] = free;
    for (i /= 2; i > 0; i /= 2) pull(i);
  }
  // The first host at index >= from with `need` free, or npos.
  std::size_t find(std::size_t from, const Resources& need) const {
    return find(1, 0, size_, from, need);
  }
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  void pull(std::size_t i) {
    const Resources& l = tree_[2 * i];
    const Resources& r = tree_[2 * i + 1];
    tree_[i] = {std::max(l.millicores, r.millicores), std::max(l.memory, r.memory),
                std::max(l.storage, r.storage)};
  }
  std::size_t find(std::size_t node, std::size_t lo, std::size_t hi, std::size_t from,
                   const Resources& need) const {
    if (hi <= from || !fits(need, tree_[node])) return npos;
    if (hi - lo == 1) return lo;
    std::size_t mid = (lo + hi) / 2;
    std::size_t left = find(2 * node, lo, mid, from, need);
    return left != npos ? left : find(2 * node + 1, mid, hi, from, need);
  }
  std::size_t size_;
  std::vector<Resources> tree_;
};

// First-fit decreasing, largest groups first, spread like a topology spread constraint with
// maxSkew 1 over the hosts a group may use: each of those H hosts takes floor(r/H) of the
// group's r replicas, and the remaining r mod H go to distinct hosts, each the first (pools in
// order) with room. `hosts` is in pool order. Returns the group it could not place, or -1;
// `pool_requested` and `device_requested` receive what landed on each pool.
std::ptrdiff_t place(const std::vector<Group>& groups, std::vector<Host> hosts,
                     std::size_t pool_count, std::vector<Resources>* pool_requested,
                     std::vector<std::vector<std::int64_t>>* device_requested) {
  std::vector<std::size_t> order(groups.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Resources& x = groups[a].size;
    const Resources& y = groups[b].size;
    return std::tie(x.memory, x.millicores, x.storage) >
           std::tie(y.memory, y.millicores, y.storage);
  });
  auto ranges = pool_ranges(hosts, pool_count);
  FirstFit first_fit(hosts);
  auto put = [&](const Group& group, std::size_t h) {
    Host& host = hosts[h];
    host.free.millicores -= group.size.millicores;
    host.free.memory -= group.size.memory;
    host.free.storage -= group.size.storage;
    if (group.device >= 0) host.devices[static_cast<std::size_t>(group.device)] -= group.devices;
    first_fit.update(h, host.free);
    if (pool_requested != nullptr) add((*pool_requested)[host.pool], group.size, 1);
    if (device_requested != nullptr && group.device >= 0) {
      (*device_requested)[host.pool][static_cast<std::size_t>(group.device)] += group.devices;
    }
  };
  std::vector<std::size_t> used_by_group;
  for (std::size_t g : order) {
    const Group& group = groups[g];
    if (group.replicas == 0) continue;
    std::int64_t host_count = 0;
    for (std::size_t pool : group.pools) {
      host_count += static_cast<std::int64_t>(ranges[pool].second - ranges[pool].first);
    }
    if (host_count == 0) return static_cast<std::ptrdiff_t>(g);
    std::int64_t every_host = group.replicas / host_count;
    for (std::int64_t round = 0; round < every_host; ++round) {
      for (std::size_t pool : group.pools) {
        for (std::size_t h = ranges[pool].first; h < ranges[pool].second; ++h) {
          if (!fits(group, hosts[h])) return static_cast<std::ptrdiff_t>(g);
          put(group, h);
        }
      }
    }
    used_by_group.clear();
    for (std::int64_t r = 0; r < group.replicas % host_count; ++r) {
      std::size_t chosen = FirstFit::npos;
      for (std::size_t pool : group.pools) {
        for (std::size_t h = first_fit.find(ranges[pool].first, group.size);
             h != FirstFit::npos && h < ranges[pool].second;
             h = first_fit.find(h + 1, group.size)) {
          bool taken =
              std::find(used_by_group.begin(), used_by_group.end(), h) != used_by_group.end();
          if (!taken && fits(group, hosts[h])) {
            chosen = h;
            break;
          }
        }
        if (chosen != FirstFit::npos) break;
      }
      if (chosen == FirstFit::npos) return static_cast<std::ptrdiff_t>(g);
      put(group, chosen);
      used_by_group.push_back(chosen);
    }
  }
  return -1;
}

std::string largest(const std::vector<Group>& groups, std::int64_t Resources::*field,
                    const std::function<std::string(std::int64_t)>& format) {
  std::vector<std::pair<std::int64_t, std::size_t>> totals;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    totals.emplace_back(saturating_mul(groups[i].size.*field, groups[i].replicas), i);
  }
  std::stable_sort(totals.begin(), totals.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (std::size_t i = 0; i < totals.size() && i < 3; ++i) {
    out +=
        (i == 0 ? "" : ", ") + groups[totals[i].second].short_label + " " + format(totals[i].first);
  }
  return out;
}

}  // namespace

std::string format_cpu(std::int64_t m) {
  if (m % 1000 == 0) return std::to_string(m / 1000);
  if (m < 1000) return std::to_string(m) + "m";
  std::string frac = std::to_string(1000 + m % 1000).substr(1);
  while (frac.back() == '0') frac.pop_back();
  return std::to_string(m / 1000) + "." + frac;
}

std::string format_bytes(std::int64_t b) {
  static const char* units[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  int u = 0;
  while (u < 6 && b >= (std::int64_t{1} << (10 * (u + 1)))) ++u;
  std::int64_t unit = std::int64_t{1} << (10 * u);
  if (b % unit == 0) return std::to_string(b / unit) + units[u];
  std::int64_t tenths =
      static_cast<std::int64_t>((static_cast<__int128>(b) * 10 + unit / 2) / unit);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + units[u];
}

Resources effective_host(const HostPool& pool) {
  Resources r;
  r.millicores = std::max<std::int64_t>(0, pool.host.millicores - pool.reserve.millicores);
  r.memory = std::max<std::int64_t>(0, pool.host.memory - pool.reserve.memory);
  r.storage = pool.host.storage;
  return r;
}

std::int64_t vm_vcpus(const Resources& size) {
  return std::max<std::int64_t>(1, (size.millicores + 999) / 1000);
}

Resources vm_request(const Platform& p, const Resources& size) {
  auto divided = [](std::int64_t value, std::int64_t per_mille) {
    __int128 v = (static_cast<__int128>(value) * 1000 + per_mille - 1) / per_mille;
    return v > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(v);
  };
  return {divided(size.millicores, p.overcommit_cpu), divided(size.memory, p.overcommit_memory),
          size.storage};
}

Resources control_plane_pod(const ControlPlane& cp) {
  Resources r = cp.size;
  for (const Resources& c :
       {kSchedulerRequest, kControllerManagerRequest, kKonnectivityServerRequest, kKineRequest}) {
    r.millicores = saturating_add(r.millicores, c.millicores);
    r.memory = saturating_add(r.memory, c.memory);
  }
  return r;
}

Resources vm_scheduled(const Platform& p, const WorkerGroup& group) {
  Resources r = vm_request(p, group.size);
  r.memory = saturating_add(
      r.memory, kubevirt_memory_overhead(r.memory, vm_vcpus(group.size), group.gpus > 0));
  r.millicores = saturating_add(r.millicores, kConsoleLogSidecar.millicores);
  r.memory = saturating_add(r.memory, kConsoleLogSidecar.memory);
  return r;
}

std::int64_t kubevirt_memory_overhead(std::int64_t memory_request, std::int64_t vcpus,
                                      bool host_devices) {
  constexpr std::int64_t kMi = std::int64_t{1} << 20;
  // Page tables: the request in whole kilobytes (rounded up), over 512.
  std::int64_t page_tables = (memory_request + 999) / 1000 * 1000 / 512;
  std::int64_t launcher = (25 + 100 + 25 + 40 + 50) * kMi;  // monitor, launcher, virtlogd,
                                                            // virtqemud, qemu
  std::int64_t vfio = host_devices ? 1024 * kMi : 0;        // guest RAM locked for DMA
  return page_tables + launcher + 8 * kMi * vcpus + 8 * kMi + 32 * kMi + vfio;
}

CapacityReport check_capacity(const Platform& p, DiagnosticEngine& diags) {
  CapacityReport report;
  std::vector<Host> hosts;
  std::vector<std::size_t> shared_pools;  // the pools no tenant has to itself
  for (std::size_t i = 0; i < p.host_pools.size(); ++i) {
    const HostPool& pool = p.host_pools[i];
    Resources one = effective_host(pool);
    PoolUsage usage{pool.name, pool.count, pool.dedicated ? pool.dedicated->value : "", {}, {}, {}};
    add(usage.capacity, one, pool.count);
    add(report.capacity, one, pool.count);
    std::vector<std::int64_t> devices;
    for (const Device& d : pool.devices) {
      usage.devices.push_back({d.name, saturating_mul(d.count, pool.count), 0});
      devices.push_back(d.count);
    }
    report.pools.push_back(usage);
    for (std::int64_t h = 0; h < pool.count; ++h) hosts.push_back({i, one, devices, hosts.size()});
    if (!pool.dedicated) shared_pools.push_back(i);
  }
  for (const StorageClass& sc : p.storage_classes) {
    report.storage_classes.push_back({sc.name, sc.capacity.value_or(0), 0});
  }
  std::vector<Group> groups;
  for (std::size_t t = 0; t < p.tenants.size(); ++t) {
    const Tenant& tenant = p.tenants[t];
    std::int64_t own_volumes = 0;
    if (tenant.storage.size > 0 && tenant.storage.storage_class.valid()) {
      auto& usage = report.storage_classes[tenant.storage.storage_class.value];
      own_volumes = provisioned_bytes(p, tenant.storage.storage_class, tenant.storage.size);
      usage.requested = saturating_add(usage.requested, own_volumes);
    }
    TenantUsage usage{tenant.name, 0, tenant.control_plane.replicas, 0, {}, own_volumes};
    for (const HostPool& pool : p.host_pools) {
      if (pool.dedicated_tenant.valid() && pool.dedicated_tenant.value == t) {
        usage.dedicated_hosts += pool.count;
      }
    }
    const ControlPlane& cp = tenant.control_plane;
    Resources pod = control_plane_pod(cp);
    groups.push_back({"the control plane of tenant \"" + tenant.name + "\"",
                      tenant.name + "/control-plane", cp.span, pod, cp.replicas, t, shared_pools,
                      -1, 0});
    add(usage.requested, pod, cp.replicas);
    if (tenant.csi.declared) {
      groups.push_back({"the CSI controller of tenant \"" + tenant.name + "\"",
                        tenant.name + "/csi-controller", tenant.csi.span, kCsiControllerPod, 1, t,
                        shared_pools, -1, 0});
      add(usage.requested, kCsiControllerPod, 1);
    }
    if (tenant.cloud_provider.declared) {
      groups.push_back({"the cloud provider of tenant \"" + tenant.name + "\"",
                        tenant.name + "/cloud-provider", tenant.cloud_provider.span,
                        kCloudProviderPod, 1, t, shared_pools, -1, 0});
      add(usage.requested, kCloudProviderPod, 1);
    }
    for (const WorkerGroup& g : tenant.workers) {
      Resources need = vm_scheduled(p, g);
      if (g.storage_class.valid()) {  // the disk lives in its class, not on the host
        std::int64_t disks =
            saturating_mul(provisioned_bytes(p, g.storage_class, g.size.storage), g.replicas);
        auto& in_class = report.storage_classes[g.storage_class.value];
        in_class.requested = saturating_add(in_class.requested, disks);
        usage.volumes = saturating_add(usage.volumes, disks);
        need.storage = 0;
      }
      std::vector<std::size_t> pools = shared_pools;
      if (g.pool.valid()) pools = {g.pool.value};
      groups.push_back({"workers \"" + g.name + "\" of tenant \"" + tenant.name + "\"",
                        tenant.name + "/" + g.name, g.span, need, g.replicas, t, pools,
                        device_of(p, g), g.gpus});
      add(usage.requested, need, g.replicas);
      usage.vms += g.replicas;
    }
    add(report.requested, usage.requested, 1);
    report.tenants.push_back(usage);
  }

  // 1. Each VM or pod fits some host it may use. Before placement a pool's hosts are all
  // alike, so its first host stands for all of them.
  const auto ranges = pool_ranges(hosts, p.host_pools.size());
  bool each_fits = true;
  for (const Group& g : groups) {
    if (g.replicas == 0) continue;
    Resources biggest;
    bool ok = false;
    for (std::size_t pool : g.pools) {
      if (ranges[pool].first == ranges[pool].second) continue;
      const Host& h = hosts[ranges[pool].first];
      ok = ok || fits(g, h);
      biggest.millicores = std::max(biggest.millicores, h.free.millicores);
      biggest.memory = std::max(biggest.memory, h.free.memory);
      biggest.storage = std::max(biggest.storage, h.free.storage);
    }
    if (ok) continue;
    each_fits = false;
    bool vm = g.size.storage > 0;
    std::string offer = describe(biggest, vm);
    if (g.device >= 0) {
      const HostPool& pool = p.host_pools[g.pools.at(0)];
      const Device& d = pool.devices[static_cast<std::size_t>(g.device)];
      offer += ", " + std::to_string(d.count) + " " + d.name;
    }
    diags.report(
        DiagKind::vm_fits_no_host, g.span, g.label,
        describe(g.size, vm) +
            (g.device >= 0
                 ? ", " + std::to_string(g.devices) + " " +
                       p.host_pools[g.pools.at(0)].devices[static_cast<std::size_t>(g.device)].name
                 : ""),
        vm ? "VM" : "pod", offer);
  }
  if (!each_fits) return report;

  // 2. The sums fit.
  struct Dimension {
    const char* name;
    std::int64_t Resources::*field;
    std::string (*format)(std::int64_t);
  };
  const Dimension dims[] = {{"cpu", &Resources::millicores, format_cpu},
                            {"memory", &Resources::memory, format_bytes},
                            {"storage", &Resources::storage, format_bytes}};
  bool sums_fit = true;
  for (std::size_t i = 0; i < p.storage_classes.size(); ++i) {
    const StorageClass& sc = p.storage_classes[i];
    std::int64_t want = report.storage_classes[i].requested;
    if (!sc.capacity || want <= *sc.capacity) continue;
    sums_fit = false;
    diags.report(DiagKind::over_capacity, sc.capacity_span, "storage class \"" + sc.name + "\"",
                 format_bytes(want), format_bytes(*sc.capacity), format_bytes(want - *sc.capacity));
  }
  for (const Dimension& d : dims) {
    std::int64_t want = report.requested.*d.field;
    std::int64_t have = report.capacity.*d.field;
    if (want <= have) continue;
    sums_fit = false;
    diags
        .report(DiagKind::over_capacity, p.span, d.name, d.format(want), d.format(have),
                d.format(want - have))
        .help("largest consumers: " + largest(groups, d.field, d.format));
  }
  if (!sums_fit) return report;

  // 3. A spreading placement exists, also after losing the k largest hosts.
  std::vector<Resources> pool_requested(p.host_pools.size());
  std::vector<std::vector<std::int64_t>> device_requested;
  for (const HostPool& pool : p.host_pools) device_requested.emplace_back(pool.devices.size(), 0);
  std::ptrdiff_t failed =
      place(groups, hosts, p.host_pools.size(), &pool_requested, &device_requested);
  if (failed >= 0) {
    const Group& g = groups[static_cast<std::size_t>(failed)];
    diags
        .report(
            DiagKind::no_placement, g.span,
            "cannot place " + g.label + " (" + std::to_string(g.replicas) + " x " +
                describe(g.size, g.size.storage > 0) +
                (g.replicas > 1 ? "): no host left with room for another replica where the group's "
                                  "spread over the hosts allows one"
                                : "): no host has room left for it"))
        .help("largest memory consumers: " + largest(groups, &Resources::memory, format_bytes));
    return report;
  }
  for (std::size_t i = 0; i < pool_requested.size(); ++i) {
    report.pools[i].requested = pool_requested[i];
    for (std::size_t d = 0; d < device_requested[i].size(); ++d) {
      report.pools[i].devices[d].requested = device_requested[i][d];
    }
  }
  if (p.failure_tolerance > 0) {
    std::vector<Host> survivors = hosts;
    std::stable_sort(survivors.begin(), survivors.end(), [](const Host& a, const Host& b) {
      return std::tie(a.free.memory, a.free.millicores) >
             std::tie(b.free.memory, b.free.millicores);
    });
    auto lost = static_cast<std::size_t>(
        std::min<std::int64_t>(p.failure_tolerance, static_cast<std::int64_t>(survivors.size())));
    survivors.erase(survivors.begin(), survivors.begin() + static_cast<std::ptrdiff_t>(lost));
    std::sort(survivors.begin(), survivors.end(),
              [](const Host& a, const Host& b) { return a.index < b.index; });  // pool order
    std::ptrdiff_t after = place(groups, survivors, p.host_pools.size(), nullptr, nullptr);
    if (after >= 0) {
      const Group& g = groups[static_cast<std::size_t>(after)];
      diags
          .report(DiagKind::no_placement, p.failure_tolerance_span,
                  "with failure_tolerance = " + std::to_string(p.failure_tolerance) +
                      ", after losing the " + std::to_string(lost) + " largest host" +
                      (lost == 1 ? "" : "s") + ", " + g.label + " can no longer be placed")
          .note(g.span, "the first group that does not fit")
          .help("largest memory consumers: " + largest(groups, &Resources::memory, format_bytes));
      return report;
    }
  }
  report.placed = true;
  return report;
}

}  // namespace kmetal::ir
