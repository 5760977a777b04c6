"""Runtime rules: what the controllers that act on kmetal's objects demand beyond their CRD
schemas. Each rule mirrors an upstream check or behaviour, cited by repository, file and
function; check_tree.py runs them all on every golden tree, and check_tree_test.py proves each
one fires on a tree broken in the way it guards against.

A rule is a function (Tree) -> [message]; RULES lists them with the issue point they answer."""
import hashlib
import ipaddress
import json
import re

import yaml


class Tree:
    """The objects of an output tree, indexed."""

    def __init__(self, objects, everything=None):
        self.objects = objects  # [(path, doc)] of the under cluster
        # and with them the objects applied inside tenant clusters
        self.everything = everything if everything is not None else objects
        self.index = {}
        for where, o in objects:
            meta = o["metadata"]
            self.index[(o["kind"], meta.get("namespace", ""), meta["name"])] = o
        self.where = {id(o): where for where, o in self.everything}

    def of(self, kind):
        return [o for _, o in self.objects if o["kind"] == kind]

    def get(self, kind, name, ns=""):
        return self.index.get((kind, ns, name))

    def flux(self):
        return [o for o in self.of("Kustomization")
                if o["apiVersion"].startswith("kustomize.toolkit.fluxcd.io")]

    def applier(self, obj):
        """The Flux Kustomization whose path holds the object's file (the deepest one)."""
        path = self.where[id(obj)]
        best = None
        for k in self.flux():
            folder = k["spec"]["path"].lstrip("./").rstrip("/") + "/"
            if path.startswith(folder) and (best is None or len(folder) > len(best[0])):
                best = (folder, k)
        return best[1] if best else None


def name(o):
    meta = o["metadata"]
    return (meta["namespace"] + "/" if meta.get("namespace") else "") + meta["name"]


def vmi_templates(t):
    for m in t.of("KubevirtMachineTemplate"):
        vm = m["spec"]["template"]["spec"]["virtualMachineTemplate"]
        yield m, vm, vm["spec"]["template"]


def subnet_addresses(subnet):
    """Kube-OVN's usable addresses: the CIDR less network, IPv4 broadcast and excludeIps
    (pkg/util/net.go ExpandExcludeIPs drops network and broadcast)."""
    net = ipaddress.ip_network(subnet["spec"]["cidrBlock"])
    total = net.num_addresses - (2 if net.version == 4 else 1)
    excluded = 0
    for r in subnet["spec"].get("excludeIps", []):
        lo, _, hi = r.partition("..")
        lo, hi = ipaddress.ip_address(lo), ipaddress.ip_address(hi or lo)
        lo = max(lo, net.network_address + 1)
        hi = min(hi, net.broadcast_address - (1 if net.version == 4 else 0))
        if hi >= lo:
            excluded += int(hi) - int(lo) + 1
    return total - excluded


def excluded(subnet, ip):
    for r in subnet["spec"].get("excludeIps", []):
        lo, _, hi = r.partition("..")
        if ipaddress.ip_address(lo) <= ip <= ipaddress.ip_address(hi or lo):
            return True
    return False


# --- 1. Names Kube-OVN accepts -------------------------------------------------------------
def kube_ovn_names(t):
    """kubeovn/kube-ovn: pkg/util/validator.go ValidateSubnet (a Subnet named like its VPC),
    pkg/webhook/subnet.go SubnetCreateHook and vpc.go VpcCreateHook (no Subnet named like any
    Vpc, and the reverse), pkg/controller/config.go (ovn-cluster, ovn-default and join are
    Kube-OVN's own), pkg/util/vpc_nat_gateway.go ValidateNatGwStatefulSetNameLength
    (vpc-nat-gw-<name> at most 52 characters), util.ExternalBridgeName (br-<provider network>
    is a Linux interface name, at most 15 characters)."""
    out = []
    vpcs = {o["metadata"]["name"] for o in t.of("Vpc")}
    for s in t.of("Subnet"):
        n = s["metadata"]["name"]
        if n in vpcs or s["spec"].get("vpc") == n:
            out.append(f"Subnet {n} is named like a Vpc; Kube-OVN refuses it")
    for o in t.of("Subnet") + t.of("Vpc"):
        if o["metadata"]["name"] in ("ovn-cluster", "ovn-default", "join"):
            out.append(f"{o['kind']} {name(o)} takes a name Kube-OVN creates itself")
    for g in t.of("VpcNatGateway"):
        if len("vpc-nat-gw-" + g["metadata"]["name"]) > 52:
            out.append(f"VpcNatGateway {name(g)}: its StatefulSet name exceeds 52 characters")
    for p in t.of("ProviderNetwork"):
        if len("br-" + p["metadata"]["name"]) > 15:
            out.append(f"ProviderNetwork {name(p)}: bridge br-{name(p)} exceeds 15 characters")
    return out


# --- 2. The under cluster's controllers reach the tenant API ------------------------------
def controllers_reach_api(t):
    """clastix/cluster-api-control-plane-provider-kamaji:
    controllers/kamajicontrolplane_controller_resources.go createOrUpdateKubeconfig copies the
    Kamaji kubeconfig key named by kamaji.clastix.io/kubeconfig-secret-key (admin.conf by
    default, which targets the VIP) into CAPI's <cluster>-kubeconfig. kube-proxy drops traffic
    to a LoadBalancer IP from sources outside loadBalancerSourceRanges, pods included, so the
    CAPI controllers must use the Service (admin.svc). clastix/kamaji
    api/v1alpha1/tenantcontrolplane_types.go: at most 16 loadBalancerSourceRanges."""
    out = []
    for k in t.of("KamajiControlPlane"):
        key = k["metadata"].get("annotations", {}).get("kamaji.clastix.io/kubeconfig-secret-key")
        net = k["spec"]["network"]
        if key not in ("admin.svc", "super-admin.svc") and not net.get("advertiseAddress"):
            out.append(f"KamajiControlPlane {name(k)}: CAPI's kubeconfig would target the "
                       "source-filtered VIP; set kamaji.clastix.io/kubeconfig-secret-key: admin.svc")
        ranges = net.get("loadBalancerConfig", {}).get("loadBalancerSourceRanges", [])
        if len(ranges) > 16:
            out.append(f"KamajiControlPlane {name(k)}: {len(ranges)} source ranges, Kamaji takes 16")
    return out


# --- 3. Worker images, disks and immutable template names ---------------------------------
IMAGE = re.compile(r"^docker://([a-z0-9.-]+(:[0-9]+)?|\[[0-9a-f:]+\](:[0-9]+)?)/"
                   r"[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*"
                   r"(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$")
TAGGED = re.compile(r"(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$")


def content_hash(o):
    """The hash kmetal's link step names a content-addressed object after: SHA-256 of the
    object without metadata.name, as compact JSON in the object's key order."""
    copy = json.loads(json.dumps(o))
    del copy["metadata"]["name"]
    text = json.dumps(copy, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def worker_images_and_disks(t):
    """kubevirt/containerized-data-importer pkg/apiserver/webhooks/util.go
    validateDataVolumeSourceRegistry (a docker:// or oci-archive:// URL; kmetal writes fully
    qualified references with a tag or digest); kubevirt/kubevirt
    pkg/storage/admitters/data-volume-template.go ValidateDataVolumeTemplate (every template
    used by a volume, no namespace of its own); kubernetes-sigs/cluster-api-provider-kubevirt
    pkg/kubevirt/utils.go newVirtualMachineFromKubevirtMachine (adds the volume and disk
    `cloudinitvolume`) and pkg/webhookhandler/validator.go validateUpdate (templates are
    immutable, so their names must change with their content)."""
    out = []
    for m, vm, tmpl in vmi_templates(t):
        volumes = {v["name"]: v for v in tmpl["spec"].get("volumes", [])}
        disks = {d["name"] for d in tmpl["spec"]["domain"]["devices"].get("disks", [])}
        if "cloudinitvolume" in volumes or "cloudinitvolume" in disks:
            out.append(f"KubevirtMachineTemplate {name(m)}: `cloudinitvolume` is CAPK's own")
        used = {v.get("dataVolume", {}).get("name") for v in volumes.values()}
        for dv in vm["spec"].get("dataVolumeTemplates", []):
            url = dv["spec"].get("source", {}).get("registry", {}).get("url", "")
            if not IMAGE.match(url) or not TAGGED.search(url.rsplit("/", 1)[-1]):
                out.append(f"KubevirtMachineTemplate {name(m)}: image URL {url!r} is not a "
                           "docker:// URL of a fully qualified, tagged image")
            if "namespace" in dv["metadata"]:
                out.append(f"KubevirtMachineTemplate {name(m)}: a DataVolume template sets a namespace")
            if dv["metadata"]["name"] not in used:
                out.append(f"KubevirtMachineTemplate {name(m)}: DataVolume template "
                           f"{dv['metadata']['name']} is used by no volume")
    for o in t.of("KubevirtMachineTemplate") + t.of("KubeadmConfigTemplate"):
        n = o["metadata"]["name"]
        if not n.endswith("-" + content_hash(o)):
            out.append(f"{o['kind']} {name(o)}: the name does not end in the hash of its content")
    return out


# --- 4. Worker VMs resolve names ----------------------------------------------------------
def vm_dns(t):
    """kubevirt/kubevirt: pkg/network/dhcp/configurator.go (startDHCP) hands the guest the
    IPv4 nameservers of the virt-launcher pod's resolv.conf (pkg/network/dns/resolveconf.go
    GetResolvConfDetailsFromPod), by default the under cluster's cluster DNS, which tenant
    networks cannot reach; services/template.go copies the VMI's dnsPolicy and dnsConfig to the
    pod. So every VM needs dnsPolicy None and nameservers outside what its gateway cannot
    route to: the tenant cluster's own ranges, other tenants' subnets, VIPs, egress networks."""
    out = []
    pools = [ipaddress.ip_network(a) for p in t.of("IPAddressPool") for a in p["spec"]["addresses"]]
    egress = [s for s in t.of("Subnet") if "provider" in s["spec"]]
    for m, vm, tmpl in vmi_templates(t):
        spec = tmpl["spec"]
        ns = vm["metadata"]["namespace"]
        servers = [ipaddress.ip_address(a) for a in spec.get("dnsConfig", {}).get("nameservers", [])]
        if spec.get("dnsPolicy") != "None" or not servers:
            out.append(f"KubevirtMachineTemplate {name(m)}: the VM would get the under cluster's "
                       "cluster DNS (dnsPolicy None with nameservers is needed)")
            continue
        own = t.get("Subnet", tmpl["metadata"]["annotations"]["ovn.kubernetes.io/logical_switch"])
        if own is not None:
            family = ipaddress.ip_network(own["spec"]["cidrBlock"]).version
            if family == 4 and not any(s.version == 4 for s in servers):
                out.append(f"KubevirtMachineTemplate {name(m)}: no IPv4 nameserver for DHCPv4")
        cluster = t.get("Cluster", ns, ns) or {"spec": {"clusterNetwork": {}}}
        blocked = [ipaddress.ip_network(c) for part in ("pods", "services")
                   for c in cluster["spec"]["clusterNetwork"].get(part, {}).get("cidrBlocks", [])]
        blocked += [ipaddress.ip_network(s["spec"]["cidrBlock"]) for s in t.of("Subnet")
                    if s is not own and "provider" not in s["spec"]]
        blocked += pools
        for s in servers:
            if any(s in b for b in blocked if b.version == s.version):
                out.append(f"KubevirtMachineTemplate {name(m)}: nameserver {s} is out of the VM's reach")
            for e in egress:
                net = ipaddress.ip_network(e["spec"]["cidrBlock"])
                if net.version == s.version and s in net and str(s) != e["spec"]["gateway"]:
                    out.append(f"KubevirtMachineTemplate {name(m)}: nameserver {s} is on egress "
                               f"network {name(e)}")
    return out


# --- 5. BGP VIPs are announced --------------------------------------------------------------
def bgp_peers(t):
    """metallb/metallb: speaker/bgp_controller.go publishAds announces over peer sessions only,
    so a BGPAdvertisement without a BGPPeer announces nothing; internal/config/config.go
    peerFromCR wants exactly one of peerASN/dynamicASN and of peerAddress/interface, and every
    MetalLB object in MetalLB's namespace."""
    out = []
    peers = t.of("BGPPeer")
    for a in t.of("BGPAdvertisement"):
        if not peers:
            out.append(f"BGPAdvertisement {name(a)} has no BGPPeer to announce to")
        for p in a["spec"].get("peers", []):
            if t.get("BGPPeer", p, a["metadata"]["namespace"]) is None:
                out.append(f"BGPAdvertisement {name(a)} names BGPPeer {p}, which is not in the tree")
    for p in peers:
        s = p["spec"]
        if ("peerASN" in s) == ("dynamicASN" in s) or ("peerAddress" in s) == ("interface" in s):
            out.append(f"BGPPeer {name(p)}: needs one of peerASN/dynamicASN and of peerAddress/interface")
    for o in t.objects:
        if o[1]["apiVersion"].startswith("metallb.io") and o[1]["metadata"].get("namespace") != "metallb-system":
            out.append(f"{o[1]['kind']} {name(o[1])} is outside MetalLB's namespace")
    return out


# --- 6. The tenant cluster's DNS address -----------------------------------------------------
def coredns_address(t):
    """clastix/cluster-api-control-plane-provider-kamaji controllers/
    kamajicontrolplane_controller_tcp.go createOrUpdateTenantControlPlane: with the CoreDNS
    addon present, spec.addons.coreDNS.dnsServiceIPs replaces spec.network.dnsServiceIPs;
    clastix/kamaji internal/webhook/handlers/tcp_dns.go validateDNSServiceIPs: inside the
    service CIDR."""
    out = []
    for k in t.of("KamajiControlPlane"):
        core = k["spec"].get("addons", {}).get("coreDNS")
        if core is None:
            continue
        ips = core.get("dnsServiceIPs", [])
        if not ips:
            out.append(f"KamajiControlPlane {name(k)}: addons.coreDNS.dnsServiceIPs is empty, so "
                       "the provider clears the cluster DNS address")
        legacy = k["spec"]["network"].get("dnsServiceIPs")
        if legacy is not None and legacy != ips:
            out.append(f"KamajiControlPlane {name(k)}: network.dnsServiceIPs is ignored")
        ns = k["metadata"]["namespace"]
        cluster = t.get("Cluster", ns, ns)
        if cluster is not None:
            services = [ipaddress.ip_network(c) for c in cluster["spec"]["clusterNetwork"]["services"]["cidrBlocks"]]
            for ip in ips:
                if not any(ipaddress.ip_address(ip) in s for s in services):
                    out.append(f"KamajiControlPlane {name(k)}: DNS {ip} is outside the service range")
    return out


# --- 7. Pinned EIPs never collide with NAT gateway pods -------------------------------------
def egress_ipam(t):
    """kubeovn/kube-ovn: pkg/controller/pod.go acquireAddress gives each NAT gateway pod an
    address on its external subnet from IPAM, the lowest free one (pkg/ipam/ip_range_list.go
    Allocate), so a pinned EIP must be kept out of IPAM (excludeIps); util.GetExternalNetwork:
    an IptablesEIP without externalSubnet uses ovn-vpc-external-network, not its gateway's;
    pkg/controller/subnet.go formatExcludeIPRanges / formatExcludeIPs rewrite excludeIps into
    sorted, merged form with the gateway, so anything else flaps against Flux."""
    out = []
    gateways = {}
    for g in t.of("VpcNatGateway"):
        for ext in g["spec"].get("externalSubnets", ["ovn-vpc-external-network"]):
            gateways[ext] = gateways.get(ext, 0) + 1
    for e in t.of("IptablesEIP"):
        ext = e["spec"].get("externalSubnet")
        if not ext:
            out.append(f"IptablesEIP {name(e)} has no externalSubnet")
            continue
        subnet = t.get("Subnet", ext)
        ip = ipaddress.ip_address(e["spec"].get("v4ip") or e["spec"].get("v6ip"))
        if subnet is not None and not excluded(subnet, ip):
            out.append(f"IptablesEIP {name(e)}: {ip} is in {ext}'s IPAM, so a NAT gateway pod may take it")
    for ext, count in gateways.items():
        subnet = t.get("Subnet", ext)
        if subnet is not None and subnet_addresses(subnet) < count:
            out.append(f"Subnet {ext}: fewer addresses outside excludeIps than its {count} NAT gateways")
    for s in t.of("Subnet"):
        ex = s["spec"].get("excludeIps", [])
        if ex != sorted(ex) or s["spec"]["gateway"] not in ex:
            out.append(f"Subnet {name(s)}: excludeIps are not as Kube-OVN writes them back")
    return out


# --- 8. Flux layers in the order Kube-OVN's webhook and health need ------------------------
def flux_layers(t):
    """fluxcd/pkg ssa/manager_apply.go ApplyAllStaged dry-runs all objects of a stage before
    applying any, and kubeovn/kube-ovn pkg/webhook looks referenced objects up in its cache
    (vpc_nat_gateway.go ValidateVpcNatGW: the Vpc and Subnet; ValidateIptablesEIP: the external
    Subnet; ValidateIptablesSnat: the EIP), so each must be applied by an earlier Kustomization
    the referrer's dependsOn reaches, not the same one. fluxcd/kustomize-controller
    internal/controller/kustomization_controller.go checkDependencies waits for Ready, so a
    tenant's chain must not pass through another tenant's layers; and every layer waits for
    health (wait: true)."""
    out = []
    flux = {k["metadata"]["name"]: k for k in t.flux()}

    def closure(k):
        seen, todo = set(), [k["metadata"]["name"]]
        while todo:
            n = todo.pop()
            for d in flux.get(n, {"spec": {}})["spec"].get("dependsOn", []):
                if d["name"] not in seen:
                    seen.add(d["name"])
                    todo.append(d["name"])
        return seen

    def needs(obj, ref_kind, ref_name):
        ref = t.get(ref_kind, ref_name)
        a, b = t.applier(obj), ref and t.applier(ref)
        if ref is None or a is None or b is None:
            return
        if b["metadata"]["name"] not in closure(a):
            out.append(f"{obj['kind']} {name(obj)} is applied by {a['metadata']['name']}, which does "
                       f"not wait for {b['metadata']['name']} applying {ref_kind} {ref_name}")

    for g in t.of("VpcNatGateway"):
        needs(g, "Vpc", g["spec"]["vpc"])
        needs(g, "Subnet", g["spec"]["subnet"])
    for e in t.of("IptablesEIP"):
        needs(e, "Subnet", e["spec"].get("externalSubnet", "ovn-vpc-external-network"))
    for s in t.of("IptablesSnatRule"):
        needs(s, "IptablesEIP", s["spec"]["eip"])
    for k in flux.values():
        if not k["spec"].get("wait"):
            out.append(f"Kustomization {name(k)} does not wait for the health of what it applies")
        tenant = k["metadata"]["labels"].get("kmetal.io/tenant")
        for d in closure(k):
            other = flux.get(d, {"metadata": {"labels": {}}})["metadata"]["labels"].get("kmetal.io/tenant")
            if other is not None and other != tenant:
                out.append(f"Kustomization {name(k)} waits for tenant {other}'s layer {d}")
    return out


# --- 9. The scheduler enforces what capacity proved ------------------------------------------
def scheduling(t):
    """kubevirt/kubevirt pkg/virt-controller/services/renderresources.go: without explicit
    requests a VM's launcher requests vCPUs / cpuAllocationRatio (10 by default), not what
    kmetal's capacity proof assumed; explicit domain.resources.requests win, and
    vmi-create-admitter.go validateGuestMemoryLimit lets the memory request sit below the
    guest's; serialconsolelog.go isSerialConsoleLogEnabled adds a 5m/35M sidecar unless the
    cluster disables it, so kmetal sets logSerialConsole. kubernetes-sigs/cluster-api-provider-kubevirt pkg/kubevirt/utils.go
    buildVirtualMachineInstanceTemplate adds no per-MachineDeployment label, so the spread
    constraint must select a label of the template's own, unique to its group."""
    out = []
    seen = {}
    for m, vm, tmpl in vmi_templates(t):
        dom = tmpl["spec"]["domain"]
        req = dom.get("resources", {}).get("requests", {})
        if "cpu" not in req or "memory" not in req:
            out.append(f"KubevirtMachineTemplate {name(m)}: no cpu/memory requests; KubeVirt's "
                       "default CPU allocation ratio of 10 would apply")
        if dom["devices"].get("logSerialConsole") is not True:
            out.append(f"KubevirtMachineTemplate {name(m)}: whether the console-log sidecar "
                       "(5m/35M, counted by capacity) runs is left to the cluster's default")
        labels = tmpl["metadata"].get("labels", {})
        spread = [c for c in tmpl["spec"].get("topologySpreadConstraints", [])
                  if c.get("topologyKey") == "kubernetes.io/hostname" and c.get("maxSkew") == 1
                  and c.get("whenUnsatisfiable") == "DoNotSchedule"]
        if not spread or any(labels.get(k) != v for c in spread
                             for k, v in c["labelSelector"]["matchLabels"].items()):
            out.append(f"KubevirtMachineTemplate {name(m)}: its VMs do not spread over hosts by "
                       "a label they carry")
        key = json.dumps(labels, sort_keys=True)
        group = m["metadata"]["name"].rsplit("-", 1)[0]
        if seen.setdefault((vm["metadata"]["namespace"], key), group) != group:
            out.append(f"KubevirtMachineTemplate {name(m)}: shares its spread label with another group")
    return out


# --- 11. A tenant subnet holds its machines ----------------------------------------------------
def subnet_capacity(t):
    """kubernetes-sigs/cluster-api core/webhooks/admission/machinedeployment.go Default:
    rollingUpdate.maxSurge defaults to 1, so a rollout adds machines; kubeovn/kube-ovn
    pkg/util/net.go ExpandExcludeIPs: excludeIps, the network and the IPv4 broadcast address
    are never handed out."""
    out = []
    need = {}
    for md in t.of("MachineDeployment"):
        ns = md["metadata"]["namespace"]
        infra = md["spec"]["template"]["spec"]["infrastructureRef"]["name"]
        tmpl = t.get("KubevirtMachineTemplate", infra, ns)
        if tmpl is None:
            continue
        switch = (tmpl["spec"]["template"]["spec"]["virtualMachineTemplate"]["spec"]["template"]
                  ["metadata"]["annotations"]["ovn.kubernetes.io/logical_switch"])
        surge = md["spec"].get("rollout", {}).get("strategy", {}).get("rollingUpdate", {}).get("maxSurge", 1)
        need[switch] = need.get(switch, 0) + md["spec"]["replicas"] + surge
    for switch, count in need.items():
        subnet = t.get("Subnet", switch)
        if subnet is not None and subnet_addresses(subnet) < count:
            out.append(f"Subnet {switch}: {subnet_addresses(subnet)} addresses for {count} machines")
    return out


# --- 12. Dedicated hosts stay their tenant's ----------------------------------------------
def dedicated_hosts(t):
    """kubevirt/kubevirt pkg/virt-controller/services/template.go renderLaunchManifest copies a
    VMI's tolerations and nodeSelector to its launcher pod. A dedicated pool's hosts carry the
    taint kmetal.io/dedicated=<tenant>:NoSchedule, so only that tenant's VMs may tolerate it,
    and a VM that tolerates it must also select the pool's hosts (kmetal.io/host-pool), or it
    would merely be allowed there rather than placed there."""
    out = []
    for m, vm, tmpl in vmi_templates(t):
        tenant = m["metadata"]["labels"].get("kmetal.io/tenant")
        spec = tmpl["spec"]
        for tol in spec.get("tolerations", []):
            if tol.get("key") != "kmetal.io/dedicated":
                continue
            if tol.get("operator") != "Equal" or tol.get("value") != tenant:
                out.append(f"KubevirtMachineTemplate {name(m)}: tolerates another tenant's "
                           f"dedicated hosts ({tol.get('value', 'any')})")
            if "kmetal.io/host-pool" not in spec.get("nodeSelector", {}):
                out.append(f"KubevirtMachineTemplate {name(m)}: tolerates dedicated hosts "
                           "without selecting its pool")
        for gpu in spec["domain"]["devices"].get("gpus", []):
            if "kmetal.io/host-pool" not in spec.get("nodeSelector", {}):
                out.append(f"KubevirtMachineTemplate {name(m)}: takes {gpu['deviceName']} "
                           "without being pinned to the pool that has it")
    return out


# --- 13. The namespace's quota admits what kmetal runs in it ------------------------------
SUFFIX = {"m": 0.001, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15,
          "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}


def quantity(q):
    m = re.fullmatch(r"([0-9.]+)([a-zA-Z]*)", str(q))
    return float(m.group(1)) * SUFFIX[m.group(2)]


def launcher_memory(spec):
    """kubevirt/kubevirt pkg/hypervisor/kvm/hypervisorbackend.go GetMemoryOverhead, as it
    applies to kmetal's VMs, plus the guest-console-log sidecar (serialconsolelog.go)."""
    dom = spec["domain"]
    request = quantity(dom["resources"]["requests"]["memory"])
    mi = 2**20
    overhead = (-(-int(request) // 1000) * 1000) // 512 + 240 * mi
    overhead += 8 * mi * dom["cpu"]["cores"] + 8 * mi + 32 * mi
    if dom["devices"].get("gpus"):
        overhead += 1024 * mi
    sidecar = 35e6 if dom["devices"].get("logSerialConsole") else 0
    return request + overhead + sidecar


def provisioned(dv_spec):
    """kubevirt/containerized-data-importer pkg/util/util.go GetRequiredSpace: aligned to 1Mi,
    plus the default filesystem overhead (6%) on a Filesystem volume."""
    size = quantity(dv_spec["storage"]["resources"]["requests"]["storage"])
    aligned = -(-size // 2**20) * 2**20
    return aligned if dv_spec["storage"].get("volumeMode") == "Block" else aligned * 1.06


def quotas(t):
    """kubernetes/kubernetes plugin/pkg/admission/resourcequota: a pod or PVC beyond the
    namespace's hard limits is refused, so the quota must admit every worker VM with one more
    per group for the rollout's surge (cluster-api machinedeployment.go Default maxSurge), the
    control-plane pods, the disks as CDI provisions them and the devices. kubevirt/kubevirt
    pkg/virt-controller/services/renderresources.go doesVMIRequireAutoResourceLimits: a quota
    on limits makes KubeVirt add limits to every VM, and a LimitRange default limit caps them
    (kubevirt#970), so neither may appear."""
    out = []
    need = {}

    def want(ns, key, amount):
        need.setdefault(ns, {}).setdefault(key, 0)
        need[ns][key] += amount

    for md in t.of("MachineDeployment"):
        ns = md["metadata"]["namespace"]
        tmpl = t.get("KubevirtMachineTemplate",
                     md["spec"]["template"]["spec"]["infrastructureRef"]["name"], ns)
        if tmpl is None:
            continue
        vm = tmpl["spec"]["template"]["spec"]["virtualMachineTemplate"]["spec"]
        spec = vm["template"]["spec"]
        surge = md["spec"].get("rollout", {}).get("strategy", {}).get("rollingUpdate", {}).get("maxSurge", 1)
        vms = md["spec"]["replicas"] + surge
        req = spec["domain"].get("resources", {}).get("requests", {})
        if "cpu" not in req or "memory" not in req:
            continue  # R9's case
        sidecar_cpu = 0.005 if spec["domain"]["devices"].get("logSerialConsole") else 0
        want(ns, "requests.cpu", vms * (quantity(req["cpu"]) + sidecar_cpu))
        want(ns, "requests.memory", vms * launcher_memory(spec))
        for dv in vm.get("dataVolumeTemplates", []):
            want(ns, "requests.storage", vms * provisioned(dv["spec"]))
        for gpu in spec["domain"]["devices"].get("gpus", []):
            want(ns, "requests." + gpu["deviceName"], vms)
    for k in t.of("KamajiControlPlane"):
        ns, spec = k["metadata"]["namespace"], k["spec"]
        parts = [spec.get(c, {}).get("resources", {}).get("requests", {})
                 for c in ("apiServer", "controllerManager", "scheduler", "kine")]
        parts.append(spec.get("addons", {}).get("konnectivity", {}).get("server", {})
                     .get("resources", {}).get("requests", {}))
        for key in ("cpu", "memory"):
            want(ns, "requests." + key, spec["replicas"] * sum(quantity(p.get(key, 0)) for p in parts))
    for q in t.of("ResourceQuota"):
        ns = q["metadata"]["namespace"]
        hard = q["spec"]["hard"]
        for key in hard:
            if key.startswith("limits."):
                out.append(f"ResourceQuota {name(q)}: {key} makes KubeVirt add limits to every VM")
        for key, amount in need.get(ns, {}).items():
            if key not in hard:
                out.append(f"ResourceQuota {name(q)}: no {key}, so the tenant's use of it is unbounded")
            elif quantity(hard[key]) < amount * 0.999999:
                out.append(f"ResourceQuota {name(q)}: {key} {hard[key]} admits less than the "
                           f"{amount:.0f} kmetal's own objects need")
    for lr in t.of("LimitRange"):
        for item in lr["spec"]["limits"]:
            if "default" in item:
                out.append(f"LimitRange {name(lr)}: a default limit would cap the VMs")
    namespaces = {o["metadata"]["name"] for o in t.of("Namespace")}
    for ns in sorted(namespaces - {q["metadata"]["namespace"] for q in t.of("ResourceQuota")}):
        out.append(f"Namespace {ns} has no ResourceQuota: its tenant could take more than check proved")
    return out


# --- 14. Exceptions to isolation are two-sided VPC peerings -------------------------------
def vpc_peerings(t):
    """kubeovn/kube-ovn pkg/controller/vpc.go handleAddOrUpdateVpc creates, per vpcPeerings
    entry, the router port <local>-<remote> with localConnectIP whose peer is the remote's
    <remote>-<local> (pkg/ovs/ovn-nb-logical_router_port.go CreatePeerRouterPort): the link
    exists only if both VPCs declare it, in one /30, and a router's links must not share a
    subnet. Traffic follows a staticRoute to the peer's subnet via the peer's address."""
    out = []
    vpcs = {v["metadata"]["name"]: v for v in t.of("Vpc")}
    subnets = {s["spec"]["vpc"]: s for s in t.of("Subnet") if "vpc" in s["spec"]}
    for name_, vpc in vpcs.items():
        links = set()
        for peer in vpc["spec"].get("vpcPeerings", []):
            local = ipaddress.ip_interface(peer["localConnectIP"])
            if local.network in links:
                out.append(f"Vpc {name_}: two peerings share the link {local.network}")
            links.add(local.network)
            remote = vpcs.get(peer["remoteVpc"])
            back = [p for p in (remote or {"spec": {}})["spec"].get("vpcPeerings", [])
                    if p["remoteVpc"] == name_]
            if not back:
                out.append(f"Vpc {name_}: peers with {peer['remoteVpc']}, which does not peer back")
                continue
            theirs = ipaddress.ip_interface(back[0]["localConnectIP"])
            if theirs.network != local.network or theirs.ip == local.ip:
                out.append(f"Vpc {name_}: its link {local} and {peer['remoteVpc']}'s {theirs} "
                           "are not the two ends of one subnet")
            target = subnets.get(peer["remoteVpc"])
            if target is not None and not any(
                    r["cidr"] == target["spec"]["cidrBlock"] and r["nextHopIP"] == str(theirs.ip)
                    for r in vpc["spec"].get("staticRoutes", [])):
                out.append(f"Vpc {name_}: no route to {peer['remoteVpc']}'s subnet over the link")
    return out


# --- issue 12: tenant add-ons reach the tenant cluster and match its network ---------------
EXACT_CHART_VERSION = re.compile(r"^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")


def tenant_addons(t):
    """fluxcd/helm-controller internal/controller/helmrelease_controller.go
    buildRESTClientGetter reads spec.kubeConfig.secretRef from the HelmRelease's own namespace
    and internal/kube/config.go ConfigFromSecret falls back to the keys `value`/`value.yaml`,
    which clastix/kamaji's `<tcp>-admin-kubeconfig` (controllers/resources.go) does not have:
    the key is named, and it is admin.svc (admin.conf targets the source-filtered VIP, see R2).
    api/v2/helmrelease_types.go GetStorageNamespace defaults to the HelmRelease's namespace,
    which the tenant cluster does not have: kube-system is named. Helm refuses release names
    over 53 characters (the CRD's maxLength; a longer derived name is shortened by
    internal/release/name.go ShortenName). A chart version that is a range upgrades with no
    plan. The release is applied in the same pass as the tenant's MachineDeployments, never by
    a layer that waits for theirs to be healthy. The CNI's pod range is the Cluster's
    spec.clusterNetwork.pods, which clastix/kamaji internal/builders/controlplane/deployment.go
    hands kube-controller-manager as --cluster-cidr with --allocate-node-cidrs: Cilium takes
    the node ranges it allocates (ipam.mode kubernetes; a cluster-pool would allocate them a
    second time), Calico an IP pool of the same range. Both reach the tenant API at the
    KamajiControlPlane's VIP and port (6443, Kamaji's default)."""
    out = []
    flux = {(k["metadata"].get("namespace"), k["metadata"]["name"]): k for k in t.flux()}

    def closure(k):
        start = (k["metadata"].get("namespace"), k["metadata"]["name"])
        seen, todo = set(), [start]
        while todo:
            at = todo.pop()
            for d in flux.get(at, {"spec": {}})["spec"].get("dependsOn", []):
                key = (d.get("namespace", at[0]), d["name"])
                if key not in seen:
                    seen.add(key)
                    todo.append(key)
        return {n for _, n in seen}

    for hr in t.of("HelmRelease"):
        ns, spec = hr["metadata"]["namespace"], hr["spec"]
        ref = spec.get("kubeConfig", {}).get("secretRef")
        if ref is None:
            out.append(f"HelmRelease {name(hr)} installs into the under cluster, not its tenant's")
            continue
        tcps = [k["metadata"]["name"] + "-admin-kubeconfig" for k in t.of("KamajiControlPlane")
                if k["metadata"]["namespace"] == ns]
        if ref["name"] not in tcps:
            out.append(f"HelmRelease {name(hr)}: kubeconfig Secret {ref['name']} is not one Kamaji "
                       f"writes in {ns}")
        if ref.get("key") != "admin.svc":
            out.append(f"HelmRelease {name(hr)}: kubeconfig key {ref.get('key')} is not admin.svc")
        if spec.get("storageNamespace") not in ("kube-system", "default"):
            out.append(f"HelmRelease {name(hr)}: release stored in a namespace the tenant cluster "
                       "lacks")
        release = spec.get("releaseName", "")
        if len(release) > 53:
            out.append(f"HelmRelease {name(hr)}: release name {release} is over 53 characters")
        chart = spec["chart"]["spec"]
        if not EXACT_CHART_VERSION.match(chart.get("version", "")):
            out.append(f"HelmRelease {name(hr)}: chart version {chart.get('version')!r} is not exact")
        source = chart["sourceRef"]
        if t.get(source["kind"], source["name"], source.get("namespace", ns)) is None:
            out.append(f"HelmRelease {name(hr)}: no {source['kind']} {source['name']} in {ns}")
        mine = t.applier(hr)
        for md in t.of("MachineDeployment"):
            theirs = t.applier(md)
            if md["metadata"]["namespace"] == ns and mine and theirs and \
                    theirs["metadata"]["name"] in closure(mine):
                out.append(f"HelmRelease {name(hr)} waits for {theirs['metadata']['name']}, whose "
                           f"MachineDeployment {name(md)} needs the CNI first")
        cluster = next((c for c in t.of("Cluster") if c["metadata"]["namespace"] == ns), None)
        values = spec.get("values", {})
        pods = cluster["spec"]["clusterNetwork"]["pods"]["cidrBlocks"] if cluster else None
        if chart["chart"] == "cilium":
            if values.get("ipam", {}).get("mode") != "kubernetes":
                out.append(f"HelmRelease {name(hr)}: Cilium allocates pod ranges a second time "
                           f"(ipam.mode {values.get('ipam', {}).get('mode')})")
            endpoint = (values.get("k8sServiceHost"), str(values.get("k8sServicePort")))
        else:
            ranges = [p["cidr"] for p in values.get("installation", {}).get("calicoNetwork", {})
                      .get("ipPools", [])]
            if pods is not None and ranges != pods:
                out.append(f"HelmRelease {name(hr)}: pod ranges {ranges} are not the Cluster's {pods}")
            api = values.get("kubernetesServiceEndpoint", {})
            endpoint = (api.get("host"), str(api.get("port")))
        kcp = next((k for k in t.of("KamajiControlPlane") if k["metadata"]["namespace"] == ns), None)
        if kcp is not None and endpoint != (kcp["spec"]["network"]["serviceAddress"], "6443"):
            out.append(f"HelmRelease {name(hr)}: reaches the tenant API at {endpoint}, not its VIP")
    return out


def csi_driver(t):
    """kubevirt/csi-driver cmd/kubevirt-csi-driver/kubevirt-csi-driver.go parseConfig and
    parseLabels: the controller refuses empty or malformed --infra-cluster-labels; config.go
    getConfigOrInCluster reads --tenant-cluster-kubeconfig (and the sidecars their --kubeconfig)
    as a file, so the Secret Kamaji writes (clastix/kamaji internal/resources/kubeconfig.go,
    `<tcp>-admin-kubeconfig`, key admin.svc) is mounted there. pkg/service/controller.go
    ControllerPublishVolume looks the tenant node's VirtualMachine up by name in
    --infra-cluster-namespace (CAPK creates them in the cluster's namespace) and
    IsVolumeAttachedToOtherVMI lists VMIs; pkg/kubevirt/client.go creates DataVolumes, calls
    virtualmachines/addvolume and removevolume, virtualmachineinstances/removevolume, patches
    PVCs and (EnsureControllerResize) gets PersistentVolumes, the one cluster-wide need: its
    Role, and a ClusterRole through a ClusterRoleBinding, grant that. configureStorageClassEnforcement: INFRA_STORAGE_CLASS_ENFORCEMENT limits the infra
    classes a tenant StorageClass may name; those are classes the tenant's quota covers. Inside
    the tenant cluster the StorageClass's provisioner is the CSIDriver's name, and the node
    plugin runs privileged with the kubelet directory shared back (Bidirectional), registered
    at the socket its registrar announces."""
    out = []
    for d in t.of("Deployment"):
        containers = {c["name"]: c for c in d["spec"]["template"]["spec"]["containers"]}
        driver = containers.get("csi-driver")
        if driver is None:
            continue
        ns, pod = d["metadata"]["namespace"], d["spec"]["template"]["spec"]
        args = dict(a[2:].split("=", 1) for a in driver["args"] if "=" in a)
        labels = args.get("infra-cluster-labels", "")
        if not labels or any("=" not in item for item in labels.split(",")):
            out.append(f"Deployment {name(d)}: --infra-cluster-labels {labels!r} does not parse")
        if args.get("infra-cluster-namespace") != ns:
            out.append(f"Deployment {name(d)}: looks for VMs in {args.get('infra-cluster-namespace')}, "
                       f"not its tenant's namespace {ns}")
        kamaji = {k["metadata"]["name"] + "-admin-kubeconfig" for k in t.of("KamajiControlPlane")
                  if k["metadata"]["namespace"] == ns}
        files = set()
        for v in pod.get("volumes", []):
            secret = v.get("secret")
            if secret and secret["secretName"] in kamaji:
                for item in secret.get("items", []):
                    if item["key"] == "admin.svc":
                        for c in containers.values():
                            for m in c.get("volumeMounts", []):
                                if m["name"] == v["name"]:
                                    files.add((c["name"], m["mountPath"].rstrip("/") + "/" + item["path"]))
        for c in containers.values():
            flag = "tenant-cluster-kubeconfig" if c is driver else "kubeconfig"
            value = dict(a.lstrip("-").split("=", 1) for a in c["args"] if "=" in a).get(flag)
            if value is not None and (c["name"], value) not in files:
                out.append(f"Deployment {name(d)}: container {c['name']} reads {value}, which is not "
                           "Kamaji's admin.svc kubeconfig")
        account = pod.get("serviceAccountName", "default")
        granted = set()
        for b in t.of("RoleBinding") + t.of("ClusterRoleBinding"):
            if not any(s["kind"] == "ServiceAccount" and s["name"] == account and
                       s.get("namespace", b["metadata"].get("namespace")) == ns for s in b.get("subjects", [])):
                continue
            if b["kind"] == "RoleBinding" and b["metadata"]["namespace"] != ns:
                continue
            ref = b["roleRef"]
            role = t.get(ref["kind"], ref["name"], ns if ref["kind"] == "Role" else "")
            for r in (role or {}).get("rules", []):
                for g in r.get("apiGroups", []):
                    for res in r.get("resources", []):
                        for v in r.get("verbs", []):
                            # cluster-wide only through a ClusterRoleBinding
                            granted.add((g, res, v, b["kind"] == "ClusterRoleBinding"))
        needed = [("cdi.kubevirt.io", "datavolumes", v, False) for v in ("get", "create", "delete")]
        needed += [("kubevirt.io", r, v, False) for r in ("virtualmachines", "virtualmachineinstances")
                   for v in ("get", "list")]
        needed += [("subresources.kubevirt.io", r, "update", False) for r in
                   ("virtualmachines/addvolume", "virtualmachines/removevolume",
                    "virtualmachineinstances/removevolume")]
        needed += [("", "persistentvolumeclaims", v, False) for v in ("get", "patch")]
        needed += [("", "persistentvolumes", "get", True)]
        for g, res, v, cluster in needed:
            if not any(x[:3] == (g, res, v) and (x[3] or not cluster) for x in granted):
                out.append(f"Deployment {name(d)}: its ServiceAccount may not {v} {res}"
                           + (" cluster-wide" if cluster else ""))
        env = {e["name"]: e.get("value", "") for e in driver.get("env", [])}
        policy = yaml.safe_load(env.get("INFRA_STORAGE_CLASS_ENFORCEMENT", "")) or {}
        quota = t.get("ResourceQuota", "kmetal-tenant", ns)
        covered = {k.split(".storageclass.")[0] for k in (quota or {"spec": {"hard": {}}})["spec"]["hard"]
                   if ".storageclass.storage.k8s.io/" in k}
        if not policy or policy.get("allowAll", False):
            out.append(f"Deployment {name(d)}: the tenant may provision in any storage class")
        for cls in policy.get("allowList") or []:
            if covered and cls not in covered:
                out.append(f"Deployment {name(d)}: allows class {cls}, which its quota does not cover")
        # what the Kustomization into that tenant's cluster applies
        for k in t.of("Kustomization"):
            if k["metadata"].get("namespace") != ns or "kubeConfig" not in k["spec"]:
                continue
            ref = k["spec"]["kubeConfig"]["secretRef"]
            if ref["name"] not in kamaji or ref.get("key") != "admin.svc":
                out.append(f"Kustomization {name(k)}: kubeconfig {ref} is not Kamaji's admin.svc")
            folder = k["spec"]["path"].lstrip("./").rstrip("/") + "/"
            inside = [o for w, o in t.everything if w.startswith(folder)]
            drivers = {o["metadata"]["name"] for o in inside if o["kind"] == "CSIDriver"}
            for sc in (o for o in inside if o["kind"] == "StorageClass"):
                if sc["provisioner"] not in drivers:
                    out.append(f"StorageClass {name(sc)} in {ns}'s cluster: no CSIDriver {sc['provisioner']}")
                infra = sc.get("parameters", {}).get("infraStorageClassName")
                allowed = policy.get("allowList") or []
                if (infra is None and not policy.get("allowDefault")) or (infra is not None and infra not in allowed):
                    out.append(f"StorageClass {name(sc)} in {ns}'s cluster: the controller refuses "
                               f"infra class {infra}")
            for ds in (o for o in inside if o["kind"] == "DaemonSet"):
                spec = ds["spec"]["template"]["spec"]
                node = next((c for c in spec["containers"] if "--run-node-service=true" in c.get("args", [])), None)
                if node is None:
                    continue
                if not node.get("securityContext", {}).get("privileged"):
                    out.append(f"DaemonSet {name(ds)} in {ns}'s cluster: the node plugin is not privileged")
                if not any(m["mountPath"] == "/var/lib/kubelet" and m.get("mountPropagation") == "Bidirectional"
                           for m in node.get("volumeMounts", [])):
                    out.append(f"DaemonSet {name(ds)} in {ns}'s cluster: the kubelet directory is not "
                               "shared back (mountPropagation Bidirectional)")
                paths = {v["name"]: v["hostPath"]["path"].rstrip("/") for v in spec["volumes"] if "hostPath" in v}
                for c in spec["containers"]:
                    reg = [a.split("=", 1)[1] for a in c.get("args", []) if a.startswith("--kubelet-registration-path=")]
                    for path in reg:
                        sock = [m for m in node["volumeMounts"] if m["mountPath"] == "/csi"]
                        if not sock or (paths.get(sock[0]["name"]) or "") + "/csi.sock" != path:
                            out.append(f"DaemonSet {name(ds)} in {ns}'s cluster: the registrar announces "
                                       f"{path}, where the plugin's socket is not")
    return out


def cloud_provider(t):
    """kubevirt/cloud-provider-kubevirt pkg/provider/cloud.go kubevirtCloudProviderFactory:
    with the cloud-config's `kubeconfig` empty the infra client is in-cluster and `namespace`
    is not defaulted, so it must name the namespace the tenant's VMs live in (CAPK creates
    them in the Cluster's); instances_v2.go getRegionAndZone reads the infra cluster's Nodes,
    which a namespaced Role does not allow (zoneAndRegionEnabled false); loadbalancer.go
    EnsureLoadBalancer creates infra Services that need addresses the tenant's MetalLB pool,
    holding its API VIP alone, cannot give (loadBalancer.enabled false), and selects the VMIs
    by cluster.x-k8s.io/cluster-name = --cluster-name, the CAPI Cluster's name. k8s.io
    cloud-provider options.go: --kubeconfig is the tenant cluster (Kamaji's admin.svc);
    without --authentication-skip-lookup the server reads the under cluster's
    kube-system/extension-apiserver-authentication and fails. Its Role grants what
    instances_v2.go and instances_getter.go read: VMIs, get and list."""
    out = []
    for d in t.of("Deployment"):
        pod = d["spec"]["template"]["spec"]
        ccm = next((c for c in pod["containers"] if "--cloud-provider=kubevirt" in c.get("args", [])), None)
        if ccm is None:
            continue
        ns = d["metadata"]["namespace"]
        args = dict(a[2:].split("=", 1) for a in ccm["args"] if "=" in a)
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        mounts = {m["mountPath"].rstrip("/"): volumes.get(m["name"], {}) for m in ccm.get("volumeMounts", [])}

        def file(path):
            folder, _, base = path.rpartition("/")
            return mounts.get(folder, {}), base

        config_volume, key = file(args.get("cloud-config", ""))
        cm = t.get("ConfigMap", config_volume.get("configMap", {}).get("name", ""), ns)
        config = yaml.safe_load(cm["data"][key]) if cm and key in cm.get("data", {}) else None
        if config is None:
            out.append(f"Deployment {name(d)}: --cloud-config is no ConfigMap key of the tree")
            config = {}
        if config.get("namespace") != ns:
            out.append(f"Deployment {name(d)}: its cloud-config looks for VMs in "
                       f"{config.get('namespace')}, not {ns}")
        if config.get("loadBalancer", {}).get("enabled", True):
            out.append(f"Deployment {name(d)}: load balancers on, with no addresses to give them")
        if config.get("instancesV2", {}).get("zoneAndRegionEnabled", True):
            out.append(f"Deployment {name(d)}: zones on, which read the under cluster's Nodes")
        kube_volume, kube_key = file(args.get("kubeconfig", ""))
        kamaji = {k["metadata"]["name"] + "-admin-kubeconfig" for k in t.of("KamajiControlPlane")
                  if k["metadata"]["namespace"] == ns}
        secret = kube_volume.get("secret", {})
        if secret.get("secretName") not in kamaji or {"key": "admin.svc", "path": kube_key} not in secret.get("items", []):
            out.append(f"Deployment {name(d)}: --kubeconfig is not Kamaji's admin.svc kubeconfig")
        if args.get("authentication-skip-lookup") != "true":
            out.append(f"Deployment {name(d)}: reads the under cluster's authentication config")
        clusters = {c["metadata"]["name"] for c in t.of("Cluster") if c["metadata"]["namespace"] == ns}
        if args.get("cluster-name") not in clusters:
            out.append(f"Deployment {name(d)}: --cluster-name {args.get('cluster-name')} is no "
                       f"Cluster of {ns}")
        account = pod.get("serviceAccountName", "default")
        granted = set()
        for b in t.of("RoleBinding"):
            if b["metadata"]["namespace"] == ns and any(
                    s["kind"] == "ServiceAccount" and s["name"] == account for s in b.get("subjects", [])):
                role = t.get(b["roleRef"]["kind"], b["roleRef"]["name"], ns)
                for r in (role or {}).get("rules", []):
                    granted |= {(g, res, v) for g in r["apiGroups"] for res in r["resources"] for v in r["verbs"]}
        for res, verbs in (("virtualmachineinstances", ("get", "list")),):
            for v in verbs:
                if ("kubevirt.io", res, v) not in granted:
                    out.append(f"Deployment {name(d)}: its ServiceAccount may not {v} {res}")
    return out


# Issue 11's points, in order, then issue 12's; point 10 of issue 11 (crashes) is the golden
# harness's: no case may record exit 70.
RULES = [
    ("R1", "kube-ovn-names", kube_ovn_names),
    ("R2", "controllers-reach-api", controllers_reach_api),
    ("R3", "worker-images-and-disks", worker_images_and_disks),
    ("R4", "vm-dns", vm_dns),
    ("R5", "bgp-peers", bgp_peers),
    ("R6", "coredns-address", coredns_address),
    ("R7", "egress-ipam", egress_ipam),
    ("R8", "flux-layers", flux_layers),
    ("R9", "scheduling", scheduling),
    ("R11", "subnet-capacity", subnet_capacity),
    ("R12", "dedicated-hosts", dedicated_hosts),
    ("R13", "quotas", quotas),
    ("R14", "vpc-peerings", vpc_peerings),
    ("R15", "tenant-addons", tenant_addons),
    ("R16", "csi-driver", csi_driver),
    ("R17", "cloud-provider", cloud_provider),
]


def run(objects, everything=None):
    t = Tree(objects, everything)
    problems = []
    for rule_id, rule_name, fn in RULES:
        for message in fn(t):
            problems.append(f"[{rule_id} {rule_name}] {message}")
    return problems
