#!/usr/bin/python3
"""Checks a kmetal output tree the way a strict API server would, and more.

usage: check_tree.py TREE_DIR CRD_DIR CORE_SCHEMAS

1. Every object validates against its vendored CRD version (or core schema) with UNKNOWN
   FIELDS REJECTED: the API server would prune them silently, so a permissive check would
   hide bugs. Object metadata is checked strictly too.
2. No null anywhere, no Secret, no key material.
3. The YAML quoting contract under a YAML 1.1 loader (PyYAML): every key resolves to a
   string, and every unquoted value is an integer or a boolean, so `yes`, `on`, `0x1`,
   `017`, `1e3`, `12:30` can only appear quoted and load as strings.
4. Every folder has a kustomization.yaml listing exactly its files and subfolders.
5. Every reference between objects resolves inside the tree (see check_references).
6. The runtime rules of runtime_rules.py: what the controllers acting on each object demand
   beyond its schema, each citing the upstream file and function it mirrors.
Exits 1 with one line per problem."""
import functools
import ipaddress
import json
import os
import re
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtime_rules  # noqa: E402

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


METADATA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 253},
        "namespace": {"type": "string", "maxLength": 63},
        "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 63}},
        "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["name"],
    "additionalProperties": False,
}


def strict(node):
    """The CRD schema with additionalProperties: false wherever properties are listed and the
    CRD does not preserve unknown fields."""
    if isinstance(node, dict):
        node = {k: strict(v) for k, v in node.items()}
        if ("properties" in node and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")):
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [strict(v) for v in node]
    return node


@functools.lru_cache(maxsize=None)
def load_schemas(crd_dir, core_file):
    schemas = {}
    for name in sorted(os.listdir(crd_dir)):
        if not name.endswith(".yaml"):
            continue
        crd = yaml.safe_load(open(os.path.join(crd_dir, name)))
        group = crd["spec"]["group"]
        kind = crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if not version.get("served", True):
                continue
            schema = strict(version["schema"]["openAPIV3Schema"])
            schema.setdefault("properties", {})["metadata"] = METADATA
            schemas[f"{group}/{version['name']}/{kind}"] = schema
    for key, schema in json.load(open(core_file)).items():
        if key.startswith("_"):
            continue
        schema["properties"]["metadata"] = METADATA
        schemas[key] = schema
    return schemas


def walk_nulls(value, where, path=""):
    if value is None:
        problem(where, f"null at {path or '/'}")
    elif isinstance(value, dict):
        for k, v in value.items():
            walk_nulls(v, where, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            walk_nulls(v, where, f"{path}/{i}")


def check_quoting(text, where):
    for node in yaml.compose_all(text):
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, yaml.MappingNode):
                for key, value in n.value:
                    if key.tag != "tag:yaml.org,2002:str":
                        problem(where, f"key {key.value!r} loads as {key.tag} under YAML 1.1")
                    stack.append(value)
            elif isinstance(n, yaml.SequenceNode):
                stack.extend(n.value)
            elif isinstance(n, yaml.ScalarNode) and n.style is None:
                if n.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool"):
                    problem(where, f"unquoted value {n.value!r} loads as {n.tag} under YAML 1.1")


def check_kustomizations(tree, remote=()):
    """Every folder lists what it holds, except the folders applied inside a tenant cluster:
    no folder lists those (a parent's build would mix them into the under cluster's)."""
    for folder, dirs, files in os.walk(tree):
        rel = os.path.relpath(folder, tree)
        if rel == ".":
            continue
        path = os.path.join(folder, "kustomization.yaml")
        if not os.path.exists(path):
            problem(rel, "folder has no kustomization.yaml")
            continue
        listed = set(yaml.safe_load(open(path)).get("resources", []))
        inside = {d for d in dirs if os.path.join(rel, d) + "/" in remote}
        for d in sorted(inside & listed):
            problem(rel, f"kustomization.yaml lists {d}, which is applied inside a tenant cluster")
        present = ({f for f in files if f != "kustomization.yaml"} | set(dirs)) - inside
        for missing in sorted(present - listed):
            problem(rel, f"kustomization.yaml does not list {missing}")
        for extra in sorted(listed - present):
            problem(rel, f"kustomization.yaml lists {extra}, which does not exist")


def check_references(objects, tree):
    index = {}
    for where, o in objects:
        meta = o["metadata"]
        index[(o["kind"], meta.get("namespace", ""), meta["name"])] = o

    def need(kind, ns, name, where, what):
        if (kind, ns, name) not in index:
            problem(where, f"{what} names {kind} {ns + '/' if ns else ''}{name}, which is not in the tree")
            return None
        return index[(kind, ns, name)]

    pools = [o for _, o in objects if o["kind"] == "IPAddressPool"]
    adverts = [o for _, o in objects if o["kind"] in ("L2Advertisement", "BGPAdvertisement")]
    namespaces = {o["metadata"]["name"] for _, o in objects if o["kind"] == "Namespace"}
    for where, o in objects:
        kind, meta, spec = o["kind"], o["metadata"], o.get("spec", {})
        ns = meta.get("namespace", "")
        if ns and ns not in namespaces and ns not in ("flux-system", "metallb-system", "kube-system"):
            problem(where, f"namespace {ns} is not created by the tree")
        if kind == "Cluster":
            need(spec["controlPlaneRef"]["kind"], ns, spec["controlPlaneRef"]["name"], where, "controlPlaneRef")
            need(spec["infrastructureRef"]["kind"], ns, spec["infrastructureRef"]["name"], where, "infrastructureRef")
        elif kind == "MachineDeployment":
            t = spec["template"]["spec"]
            need("Cluster", ns, spec["clusterName"], where, "clusterName")
            need(t["bootstrap"]["configRef"]["kind"], ns, t["bootstrap"]["configRef"]["name"], where, "bootstrap.configRef")
            need(t["infrastructureRef"]["kind"], ns, t["infrastructureRef"]["name"], where, "infrastructureRef")
            if spec["selector"]["matchLabels"] != spec["template"]["metadata"]["labels"]:
                problem(where, "selector does not match the template's labels")
        elif kind == "MachineHealthCheck":
            need("Cluster", ns, spec["clusterName"], where, "clusterName")
            label = spec["selector"]["matchLabels"].get("cluster.x-k8s.io/deployment-name")
            need("MachineDeployment", ns, label, where, "selector")
        elif kind == "KubevirtMachineTemplate":
            vm = spec["template"]["spec"]["virtualMachineTemplate"]
            switch = vm["spec"]["template"]["metadata"]["annotations"]["ovn.kubernetes.io/logical_switch"]
            subnet = need("Subnet", "", switch, where, "the logical_switch annotation")
            if subnet is not None and subnet["spec"].get("namespaces"):
                problem(where, f"subnet {switch} is bound to namespaces, which would move the control plane off the default network")
        elif kind == "KamajiControlPlane":
            net = spec["network"]
            vip = ipaddress.ip_address(net["serviceAddress"])
            if net["serviceAnnotations"].get("metallb.io/loadBalancerIPs") != net["serviceAddress"]:
                problem(where, "metallb.io/loadBalancerIPs differs from serviceAddress")
            if net["serviceAddress"] not in net["certSANs"]:
                problem(where, "certSANs lack the VIP")
            holders = [p for p in pools if any(vip in ipaddress.ip_network(a) for a in p["spec"]["addresses"])]
            if len(holders) != 1:
                problem(where, f"VIP {vip} is in {len(holders)} MetalLB pools, not exactly one")
            for p in holders:
                if p["spec"].get("autoAssign") is not False:
                    problem(where, "the VIP's pool auto-assigns")
                if p["spec"].get("serviceAllocation", {}).get("namespaces") != [ns]:
                    problem(where, "the VIP's pool is not pinned to the tenant namespace")
                label = p["metadata"]["labels"].get("kmetal.io/vip-pool")
                if not any(sel.get("matchLabels", {}).get("kmetal.io/vip-pool") == label
                           for a in adverts for sel in a["spec"].get("ipAddressPoolSelectors", [])):
                    problem(where, "no advertisement selects the VIP's pool")
            sources = [ipaddress.ip_network(r) for r in net["loadBalancerConfig"]["loadBalancerSourceRanges"]]
            eip = index.get(("IptablesEIP", "", ns))
            if eip is not None:
                addr = ipaddress.ip_address(eip["spec"].get("v4ip") or eip["spec"].get("v6ip"))
                if not any(addr in s for s in sources):
                    problem(where, "the tenant's egress address may not reach its VIP (loadBalancerSourceRanges)")
            else:
                subnet = index.get(("Subnet", "", ns))
                if subnet is None or ipaddress.ip_network(subnet["spec"]["cidrBlock"]) not in sources:
                    problem(where, "the tenant's underlay subnet may not reach its VIP (loadBalancerSourceRanges)")
        elif kind == "Subnet":
            if "vpc" in spec:
                need("Vpc", "", spec["vpc"], where, "vpc")
            if "vlan" in spec:
                need("Vlan", "", spec["vlan"], where, "vlan")
            if spec.get("namespaces"):
                problem(where, "subnet is bound to namespaces")
            if "provider" in spec:
                name, _, attach_ns = spec["provider"].partition(".")
                need("NetworkAttachmentDefinition", attach_ns, name, where, "provider")
        elif kind == "Vlan":
            need("ProviderNetwork", "", spec["provider"], where, "provider")
        elif kind == "VpcNatGateway":
            need("Vpc", "", spec["vpc"], where, "vpc")
            subnet = need("Subnet", "", spec["subnet"], where, "subnet")
            for ext in spec["externalSubnets"]:
                need("Subnet", "", ext, where, "externalSubnets")
            if subnet is not None and ipaddress.ip_address(spec["lanIp"]) not in ipaddress.ip_network(subnet["spec"]["cidrBlock"]):
                problem(where, "lanIp is outside its subnet")
            vpc = index.get(("Vpc", "", spec["vpc"]))
            if vpc is not None and not any(r["nextHopIP"] == spec["lanIp"] for r in vpc["spec"].get("staticRoutes", [])):
                problem(where, "the VPC has no route through this gateway")
        elif kind == "IptablesEIP":
            need("VpcNatGateway", "", spec["natGwDp"], where, "natGwDp")
            # Without externalSubnet Kube-OVN picks a default network: runtime rule R7's case.
            ext = need("Subnet", "", spec["externalSubnet"], where, "externalSubnet") if "externalSubnet" in spec else None
            addr = spec.get("v4ip") or spec.get("v6ip")
            if ext is not None and ipaddress.ip_address(addr) not in ipaddress.ip_network(ext["spec"]["cidrBlock"]):
                problem(where, "the EIP is outside its external subnet")
        elif kind == "IptablesSnatRule":
            eip = need("IptablesEIP", "", spec["eip"], where, "eip")
            if eip is not None:
                gw = index.get(("VpcNatGateway", "", eip["spec"]["natGwDp"]))
                subnet = gw and index.get(("Subnet", "", gw["spec"]["subnet"]))
                if subnet is not None and subnet["spec"]["cidrBlock"] != spec["internalCIDR"]:
                    problem(where, "internalCIDR is not the gateway's subnet")
        elif kind in ("RoleBinding", "ClusterRoleBinding"):
            for s in o.get("subjects", []):
                need(s["kind"], s.get("namespace", ns), s["name"], where, "subject")
            ref = o["roleRef"]
            if ref["name"] != "cluster-admin":  # the one built-in role kmetal binds
                need(ref["kind"], ns if ref["kind"] == "Role" else "", ref["name"], where, "roleRef")
        elif kind in ("Deployment", "DaemonSet"):
            pod = spec["template"]["spec"]
            if "serviceAccountName" in pod:
                need("ServiceAccount", ns, pod["serviceAccountName"], where, "serviceAccountName")
            if spec["selector"]["matchLabels"] != spec["template"]["metadata"]["labels"]:
                problem(where, "selector does not match the template's labels")
            mounts = {v["name"] for v in pod.get("volumes", [])}
            for c in pod["containers"]:
                for m in c.get("volumeMounts", []):
                    if m["name"] not in mounts:
                        problem(where, f"container {c['name']} mounts {m['name']}, which is no volume")
        elif kind == "Kustomization" and o["apiVersion"].startswith("kustomize.toolkit.fluxcd.io"):
            if not os.path.exists(os.path.join(tree, spec["path"], "kustomization.yaml")):
                problem(where, f"path {spec['path']} is not a kustomization in the tree")
            # Only a Kustomization that applies into a tenant cluster (Kamaji's kubeconfig lives in
            # the tenant's namespace) reads the platform's GitRepository from another namespace.
            crossing = spec["sourceRef"].get("namespace", ns)
            if crossing != ns and not ("kubeConfig" in spec and crossing == "flux-system"):
                problem(where, "sourceRef crosses namespaces")
            for dep in spec.get("dependsOn", []):
                need("Kustomization", dep.get("namespace", ns), dep["name"], where, "dependsOn")
            if "serviceAccountName" in spec:
                need("ServiceAccount", ns, spec["serviceAccountName"], where, "serviceAccountName")


def check(tree, crd_dir, core):
    """Every problem of the tree, one line each, and the number of objects checked."""
    del problems[:]
    schemas = load_schemas(crd_dir, core)
    objects = []
    count = 0
    for folder, _, files in sorted(os.walk(tree)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            where = os.path.relpath(path, tree)
            if not name.endswith(".yaml"):
                continue
            text = open(path, encoding="utf-8").read()
            if not text.endswith("\n") or "\r" in text:
                problem(where, "not LF-terminated text")
            check_quoting(text, where)
            if name == "kustomization.yaml":
                continue
            for doc in yaml.safe_load_all(text):
                count += 1
                walk_nulls(doc, where)
                if doc.get("kind") == "Secret" or re.search(r"BEGIN [A-Z ]*PRIVATE KEY", text):
                    problem(where, "secret material in the tree")
                key = f"{doc.get('apiVersion')}/{doc.get('kind')}"
                schema = schemas.get(key)
                if schema is None:
                    problem(where, f"no vendored schema for {key}")
                    continue
                for error in jsonschema.Draft7Validator(schema).iter_errors(doc):
                    location = "/".join(str(p) for p in error.absolute_path)
                    problem(where, f"{doc['kind']} {doc['metadata'].get('name')}: /{location}: {error.message}")
                objects.append((where, doc))
    # Objects a Kustomization with a kubeConfig applies live in that tenant's cluster: their
    # names and references are checked there, apart from the under cluster's.
    remote = [o["spec"]["path"].lstrip("./").rstrip("/") + "/" for _, o in objects
              if o["kind"] == "Kustomization" and "kubeConfig" in o.get("spec", {})]
    check_kustomizations(tree, remote)
    under = [(w, o) for w, o in objects if not any(w.startswith(r) for r in remote)]
    check_references(under, tree)
    for r in remote:
        check_references([(w, o) for w, o in objects if w.startswith(r)], tree)
    problems.extend(runtime_rules.run(under, objects))
    return list(problems), count


def main():
    tree, crd_dir, core = sys.argv[1:4]
    found, count = check(tree, crd_dir, core)
    for p in found:
        print(p)
    print(f"{count} objects checked, {len(found)} problems")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
