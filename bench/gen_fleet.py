#!/usr/bin/env python3
"""Writes a realistic kmetal fleet: N tenants over several host pools, mixed overlay and
underlay, fixed and `auto` allocations, two profiles, a few worker groups each.

usage: gen_fleet.py N OUTDIR [--cpu-bound]
  (writes OUTDIR/platform.kmetal and OUTDIR/tenants-*.kmetal)
--cpu-bound: the same tenants on one pool of just enough hosts that their cpu requests fill
  about 98% of it once one host is lost, with no cpu overcommit and failure_tolerance = 1:
  the shape in which the placement proof works hardest (memory is plentiful, so cpu decides
  where every VM goes).
Deterministic: the same arguments give byte-identical files."""
import math
import os
import random
import sys

# vCPUs of the std/flavors sizes the tenants use.
FLAVOR_CPU = {"small": 2, "medium": 4, "large": 8}
# What kmetal adds to the cpu a VM or control-plane pod requests (millicores): the console-log
# sidecar of a VM (compiler/ir/capacity.h kConsoleLogSidecar), and the default control-plane
# size plus its scheduler, controller-manager, konnectivity and kine containers.
VM_SIDECAR_MILLI = 5
CONTROL_POD_MILLI = 1000 + 100 + 200 + 100 + 100
CPU_BOUND_FILL = 0.98
CPU_BOUND_HOST = {"cpu": 128, "reserve": 2}
# The two profiles: name -> (VIP pool, control-plane replicas, default workers, their flavor).
PROFILES = {"standard": ("public", 2, 3, "medium"), "internal": ("internal", 2, 2, "small")}

def tenants(n, rng):
    """The tenant files' texts, in order, and the cpu their VMs and control planes request
    without overcommit (millicores)."""
    files, milli = [], 0
    per_file = 1000
    vlans = 0
    for start in range(0, n, per_file):
        text = 'import "std/flavors"\n\n'
        for i in range(start, min(n, start + per_file)):
            profile = "standard" if i % 3 else "internal"
            _, cp, replicas, flavor = PROFILES[profile]
            milli += cp * CONTROL_POD_MILLI + replicas * (FLAVOR_CPU[flavor] * 1000 + VM_SIDECAR_MILLI)
            underlay = i % 4 == 0 and vlans < 4000
            fixed = i % 5 == 0
            # Fixed networks live in 10.128.0.0/9, auto ones are carved from the rest.
            cidr = f"10.{128 + (i // 256) % 127}.{i % 256}.0/24" if fixed else "auto"
            net = f"cidr = {cidr}" + ("" if fixed else f" prefix = {rng.choice([24, 24, 23, 25])}")
            if underlay:
                net += " vlan = auto"
                vlans += 1
            text += f'tenant "t{i:05d}" extends {profile} {{\n  network {{ {net} }}\n'
            if rng.random() < 0.3:
                batch = rng.randint(1, 4)
                milli += batch * (FLAVOR_CPU["large"] * 1000 + VM_SIDECAR_MILLI)
                text += f'  workers "batch" {{ replicas = {batch} flavor = flavors.large }}\n'
            if rng.random() < 0.05:
                milli += 16 * 1000 + VM_SIDECAR_MILLI
                text += '  workers "gpu" { replicas = 1 cpu = 16 memory = 64Gi disk = 200Gi }\n'
            text += "}\n\n"
        files.append(text)
    return files, milli


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    cpu_bound = sys.argv[3:] == ["--cpu-bound"]
    if sys.argv[3:] and not cpu_bound:
        sys.exit(__doc__)
    os.makedirs(out, exist_ok=True)
    files, milli = tenants(n, random.Random(n))
    if cpu_bound:
        per_host = (CPU_BOUND_HOST["cpu"] - CPU_BOUND_HOST["reserve"]) * 1000
        # one host more than the fill needs: failure_tolerance = 1 loses one
        count = math.ceil(milli / CPU_BOUND_FILL / per_host) + 1
        tolerance = "\n  failure_tolerance = 1"
        overcommit = "overcommit { cpu = 1.0 memory = 1.0 }"
        pools = (f'host_pool "general" {{ count = {count} cpu = {CPU_BOUND_HOST["cpu"]} memory = 1Ti '
                 f'storage = 16Ti reserve {{ cpu = {CPU_BOUND_HOST["reserve"]} memory = 16Gi }} }}')
    else:
        hosts = max(8, n // 2)  # enough hardware for the fleet
        tolerance = ""
        overcommit = "overcommit { cpu = 4.0 memory = 1.0 }"
        pools = (f'host_pool "general" {{ count = {hosts} cpu = 96 memory = 768Gi storage = 16Ti reserve {{ cpu = 4 memory = 32Gi }} }}\n'
                 f'  host_pool "memory" {{ count = {max(2, hosts // 4)} cpu = 128 memory = 2Ti storage = 16Ti }}\n'
                 f'  host_pool "gpu" {{ count = {max(2, hosts // 8)} cpu = 128 memory = 1Ti storage = 32Ti }}')
    with open(os.path.join(out, "platform.kmetal"), "w") as f:
        f.write(f'''import "std/flavors"

platform "fleet" {{
  domain = "fleet.example.net"
  kubernetes = "1.32.3"
  tenant_space = 10.0.0.0/8
  reserved = [10.255.0.0/16, 100.64.0.0/16]
  nameservers = [198.51.100.53, 198.51.100.54]
  chart_source "cilium" {{ url = "https://helm.cilium.io" }}
  cni {{ plugin = cilium version = "1.16.3" }}{tolerance}
  {overcommit}
  {pools}
  provider_network "physnet1" {{ interface = "bond1" vlans = 2..4094 }}
  vip_pool "public" {{ addresses = [172.16.0.0/14] advertise = l2 }}
  vip_pool "internal" {{ addresses = [172.20.0.0/14] advertise = bgp }}
  bgp_peer "tor-a" {{ address = 100.64.0.1 asn = 64512 my_asn = 64513 }}
  bgp_peer "tor-b" {{ address = 100.64.0.2 asn = 64512 my_asn = 64513 }}
  # EIPs come from the lower half; the NAT gateways' own addresses from the upper one.
  egress "uplink" {{ interface = "bond2" cidr = 100.80.0.0/14 gateway = 100.80.0.1 addresses = [100.80.0.10-100.81.255.250] }}
}}
''')
        for name, (pool, cp, replicas, flavor) in PROFILES.items():
            f.write(f'''
profile "{name}" {{
  control_plane {{ replicas = {cp} pool = {pool} }}
  cluster_network {{ pods = 10.244.0.0/16 services = 10.96.0.0/16 }}
  workers "default" {{ replicas = {replicas} flavor = flavors.{flavor} }}
}}
''')
    for k, text in enumerate(files):
        with open(os.path.join(out, f"tenants-{k:03d}.kmetal"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
