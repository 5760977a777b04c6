#!/usr/bin/python3
"""Proves the tree checks can fail: each case breaks a copy of a valid golden tree in the one
way a rule guards against (the defect the rule was written for) and asserts that rule, and
for CEL the CEL evaluator, reports it. A rule that never fires here is a rule that cannot fail.

usage: check_tree_test.py TREE_DIR CRD_DIR CORE_SCHEMAS CEL_CHECK"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_tree  # noqa: E402


def edit(tree, pattern, change):
    """Applies `change(doc)` to every document of the files matching `pattern`."""
    paths = glob.glob(os.path.join(tree, pattern))
    assert paths, f"no file matches {pattern}"
    for path in paths:
        docs = list(yaml.safe_load_all(open(path)))
        for doc in docs:
            change(doc)
        with open(path, "w") as out:
            yaml.safe_dump_all(docs, out, sort_keys=False)


def remove(tree, pattern):
    for path in glob.glob(os.path.join(tree, pattern)):
        os.remove(path)


def vmi(doc):
    return doc["spec"]["template"]["spec"]["virtualMachineTemplate"]["spec"]["template"]["spec"]


def set_key(path, value):
    def change(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


CI = "platform/dc2/tenants/ci"
CASES = [
    ("R1", "a tenant Subnet named like Kube-OVN's join network",
     lambda t: edit(t, f"{CI}/network/subnet-ci.yaml", set_key(["metadata", "name"], "join"))),
    ("R1", "a Vpc named like its Subnet",
     lambda t: edit(t, f"{CI}/network/vpc-kmetal-vpc-ci.yaml", set_key(["metadata", "name"], "ci"))),
    ("R2", "CAPI's kubeconfig left on the source-filtered VIP",
     lambda t: edit(t, "tenants/ci/kamajicontrolplane-ci.yaml",
                    lambda d: d["metadata"].pop("annotations"))),
    ("R3", "an image URL that names no registry",
     lambda t: edit(t, "tenants/ci/kubevirtmachinetemplate-ci-default-*.yaml",
                    lambda d: d["spec"]["template"]["spec"]["virtualMachineTemplate"]["spec"]
                    ["dataVolumeTemplates"][0]["spec"]["source"]["registry"]
                    .__setitem__("url", "docker://ubuntu:22.04"))),
    ("R3", "a template changed without a new name",
     lambda t: edit(t, "tenants/ci/kubevirtmachinetemplate-ci-default-*.yaml",
                    lambda d: vmi(d)["domain"]["cpu"].__setitem__("cores", 64))),
    ("R4", "a VM left on the under cluster's DNS",
     lambda t: edit(t, "tenants/ci/kubevirtmachinetemplate-ci-default-*.yaml",
                    lambda d: vmi(d).__setitem__("dnsPolicy", "ClusterFirst"))),
    ("R4", "a nameserver inside the tenant's own service range",
     lambda t: edit(t, "tenants/ci/kubevirtmachinetemplate-ci-default-*.yaml",
                    lambda d: vmi(d)["dnsConfig"].__setitem__("nameservers", ["10.112.0.10"]))),
    ("R5", "a BGP advertisement without peers",
     lambda t: remove(t, "platform/dc2/shared/bgppeer-*.yaml")),
    ("R6", "the cluster DNS address where the provider ignores it",
     lambda t: edit(t, "tenants/ci/kamajicontrolplane-ci.yaml",
                    set_key(["spec", "addons", "coreDNS"], {}))),
    ("R7", "pinned EIPs left in the egress subnet's IPAM",
     lambda t: edit(t, "platform/dc2/shared/subnet-kmetal-egress-uplink.yaml",
                    set_key(["spec", "excludeIps"], ["198.51.100.1"]))),
    ("R7", "an EIP without its external subnet",
     lambda t: edit(t, f"{CI}/egress/iptableseip-ci.yaml",
                    lambda d: d["spec"].pop("externalSubnet"))),
    ("R8", "NAT objects applied in the same stage as the VPC",
     lambda t: edit(t, "clusters/dc2/tenants.yaml",
                    lambda d: d["spec"].__setitem__("dependsOn", [{"name": "dc2-platform"}])
                    if d["metadata"]["name"] == "dc2-egress-ci" else None)),
    ("R8", "a tenant waiting for another tenant's layer",
     lambda t: edit(t, "clusters/dc2/tenants.yaml",
                    lambda d: d["spec"]["dependsOn"].append({"name": "dc2-network-wiki"})
                    if d["metadata"]["name"] == "dc2-tenant-ci" else None)),
    ("R9", "VMs without requests (KubeVirt's ratio of 10 applies)",
     lambda t: edit(t, "tenants/ci/kubevirtmachinetemplate-ci-default-*.yaml",
                    lambda d: vmi(d)["domain"].pop("resources"))),
    ("R9", "VMs that do not spread",
     lambda t: edit(t, "tenants/ci/kubevirtmachinetemplate-ci-default-*.yaml",
                    lambda d: vmi(d).pop("topologySpreadConstraints"))),
    ("R11", "a subnet too small for its machines",
     lambda t: edit(t, "tenants/ci/machinedeployment-ci-default.yaml",
                    set_key(["spec", "replicas"], 5000))),
    ("R12", "a tenant tolerating another tenant's dedicated hosts",
     lambda t: edit(t, "tenants/shop/kubevirtmachinetemplate-shop-db-*.yaml",
                    lambda d: vmi(d)["tolerations"][0].__setitem__("value", "ci"))),
    ("R12", "GPUs without the pool that has them",
     lambda t: edit(t, "tenants/vision/kubevirtmachinetemplate-vision-gpu-*.yaml",
                    lambda d: vmi(d).pop("nodeSelector"))),
    ("R13", "a quota that does not admit the tenant's own VMs",
     lambda t: edit(t, "platform/dc2/tenants/ci/network/resourcequota-ci-kmetal-tenant.yaml",
                    set_key(["spec", "hard", "requests.memory"], "100Gi"))),
    ("R13", "a default limit that would cap the VMs",
     lambda t: edit(t, "platform/dc2/tenants/ci/network/limitrange-ci-kmetal-defaults.yaml",
                    lambda d: d["spec"]["limits"][0].__setitem__("default", {"memory": "1Gi"}))),
    ("R13", "a tenant namespace without a quota",
     lambda t: remove(t, "platform/dc2/tenants/ci/network/resourcequota-ci-kmetal-tenant.yaml")),
    ("R14", "a peering the other VPC does not declare",
     lambda t: edit(t, "platform/dc2/tenants/wiki/network/vpc-kmetal-vpc-wiki.yaml",
                    lambda d: d["spec"].pop("vpcPeerings"))),
    ("R15", "a CNI release reading Kamaji's kubeconfig from a key it does not have",
     lambda t: edit(t, "tenants/ci/helmrelease-kmetal-cni.yaml",
                    lambda d: d["spec"]["kubeConfig"]["secretRef"].pop("key"))),
    ("R15", "a CNI release stored in the HelmRelease's namespace, absent from the tenant cluster",
     lambda t: edit(t, "tenants/ci/helmrelease-kmetal-cni.yaml",
                    lambda d: d["spec"].pop("storageNamespace"))),
    ("R15", "a chart version range",
     lambda t: edit(t, "tenants/payments/helmrelease-kmetal-cni.yaml",
                    set_key(["spec", "chart", "spec", "version"], ">=3.29.0"))),
    ("R15", "a CNI pool other than the cluster's pod range",
     lambda t: edit(t, "tenants/payments/helmrelease-kmetal-cni.yaml",
                    lambda d: d["spec"]["values"]["installation"]["calicoNetwork"]["ipPools"][0]
                    .__setitem__("cidr", "192.168.0.0/16"))),
    ("R15", "Cilium allocating node pod ranges beside kube-controller-manager",
     lambda t: edit(t, "tenants/ci/helmrelease-kmetal-cni.yaml",
                    lambda d: d["spec"]["values"].__setitem__("ipam", {"mode": "cluster-pool"}))),
    ("R15", "Cilium looking for the tenant API elsewhere than its VIP",
     lambda t: edit(t, "tenants/ci/helmrelease-kmetal-cni.yaml",
                    set_key(["spec", "values", "k8sServicePort"], 443))),
    ("R16", "CSI labels the controller refuses to parse",
     lambda t: edit(t, "tenants/shop/deployment-kmetal-csi-controller.yaml",
                    lambda d: d["spec"]["template"]["spec"]["containers"][0]["args"]
                    .__setitem__(2, "--infra-cluster-labels=shop"))),
    ("R16", "the CSI controller reading the VIP's kubeconfig",
     lambda t: edit(t, "tenants/shop/deployment-kmetal-csi-controller.yaml",
                    lambda d: d["spec"]["template"]["spec"]["volumes"][1]["secret"]["items"][0]
                    .__setitem__("key", "admin.conf"))),
    ("R16", "a CSI controller that may not detach from a running VM",
     lambda t: edit(t, "platform/dc2/tenants/shop/network/role-shop-kmetal-csi.yaml",
                    lambda d: d["rules"][2]["resources"].remove("virtualmachineinstances/removevolume"))),
    ("R16", "a tenant StorageClass in an infra class the controller refuses",
     lambda t: edit(t, "platform/dc2/tenants/shop/cluster/storageclass-ceph-rbd.yaml",
                    lambda d: d["parameters"].__setitem__("infraStorageClassName", "local-nvme"))),
    ("R16", "a node plugin that cannot mount",
     lambda t: edit(t, "platform/dc2/tenants/shop/cluster/daemonset-kmetal-csi-kmetal-csi-node.yaml",
                    lambda d: d["spec"]["template"]["spec"]["containers"][0].pop("securityContext"))),
    ("R17", "a cloud provider looking for VMs in no namespace",
     lambda t: edit(t, "tenants/ci/configmap-kmetal-ccm.yaml",
                    set_key(["data", "cloud-config"], "loadBalancer:\n  enabled: false\n"
                            "instancesV2:\n  zoneAndRegionEnabled: false\n"))),
    ("R17", "a cloud provider whose load balancers would wait for addresses",
     lambda t: edit(t, "tenants/ci/configmap-kmetal-ccm.yaml",
                    set_key(["data", "cloud-config"], "namespace: ci\ninstancesV2:\n"
                            "  zoneAndRegionEnabled: false\n"))),
    ("R17", "a cloud provider selecting VMIs of no cluster",
     lambda t: edit(t, "tenants/ci/deployment-kmetal-ccm.yaml",
                    lambda d: d["spec"]["template"]["spec"]["containers"][0]["args"]
                    .__setitem__(4, '--cluster-name="ci"'))),
    ("R17", "a cloud provider that may not list VMIs",
     lambda t: edit(t, "platform/dc2/tenants/ci/network/role-ci-kmetal-ccm.yaml",
                    lambda d: d["rules"][1]["verbs"].remove("list"))),
    ("VIP", "workers outside the VIP's source ranges",
     lambda t: edit(t, "tenants/ci/kamajicontrolplane-ci.yaml",
                    set_key(["spec", "network", "loadBalancerConfig", "loadBalancerSourceRanges"],
                            ["203.0.113.0/26"]))),
]


def main():
    tree, crds, core, cel = sys.argv[1:5]
    found, _ = check_tree.check(tree, crds, core)
    assert not found, f"the valid tree has problems: {found}"
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        for rule, what, mutate in CASES:
            copy = os.path.join(scratch, "tree")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(tree, copy)
            mutate(copy)
            found, _ = check_tree.check(copy, crds, core)
            tag = "may not reach its VIP" if rule == "VIP" else f"[{rule} "
            if any(tag in p for p in found):
                print(f"ok: {rule} reports {what}")
            else:
                failures += 1
                print(f"FAIL: {rule} does not report {what}; got {found}")
        copy = os.path.join(scratch, "cel")
        shutil.copytree(tree, copy)
        edit(copy, "tenants/ci/kamajicontrolplane-ci.yaml",
             set_key(["spec", "network", "serviceType"], "ClusterIP"))
        result = subprocess.run(["node", cel, copy, crds], capture_output=True, text=True)
        if result.returncode == 1 and "only with LoadBalancer service type" in result.stdout:
            print("ok: CEL reports loadBalancerSourceRanges on a ClusterIP service")
        else:
            failures += 1
            print(f"FAIL: CEL did not report the ClusterIP case: {result.stdout}{result.stderr}")
    print(f"{len(CASES) + 1} broken trees, {failures} not reported")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
