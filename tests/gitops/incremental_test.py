#!/usr/bin/env python3
"""An incremental publish is a full publish: for every single-token change of the example
specs (each number, address, string and keyword value, one at a time) and a few structural
ones, publishing into one repository lowering only the tenants whose fingerprint changed, and
into a twin with `--full`, gives the same exit code, the same output (but the line that counts
reused tenants) and the same commit. The changes are applied in sequence, so each publish also
reverts the one before (old template generations, prunes, renumbering, removed tenants).

It also proves it can fail: a branch whose lock claims the new fingerprints while its files are
the old ones (what a fingerprint that missed an input would do) must make the twins differ.
And it pins the one documented difference: an edit committed by hand inside a reused tenant's
folder stays after an incremental publish, and `--full` restores the file.

Usage: incremental_test.py KMETAL PROJECT_DIR [EXAMPLE...]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

KMETAL = os.path.abspath(sys.argv[1])
PROJECT = os.path.abspath(sys.argv[2])
EXAMPLES = sys.argv[3:] or ["dc1", "dc2"]
REUSED = re.compile(r"^\d+ tenants? unchanged since the branch's lock.*\n", re.M)
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")

failures = []


def run(*args):
    p = subprocess.run(args, env=ENV, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def git(repo, *args):
    return subprocess.run(("git", "-C", repo) + args, env=ENV, capture_output=True, text=True,
                          check=True).stdout.strip()


def tree_of(repo):
    code, out, _ = run("git", "-C", repo, "rev-parse", "--verify", "-q", "main^{tree}")
    return out.strip() if code == 0 else "(none)"


# --- the changes: one token at a time ---------------------------------------------------------
TOKEN = re.compile(
    r'(?P<comment>#[^\n]*)'
    r'|(?P<string>"[^"\n]*")'
    r'|(?P<cidr>\b\d+\.\d+\.\d+\.\d+/\d+\b)'
    r'|(?P<ip>\b\d+\.\d+\.\d+\.\d+\b)'
    r'|(?P<number>\b\d+(?:\.\d+)?(?P<unit>[A-Za-z]+)?\b)'
    r'|(?P<word>\b(?:true|false|l2|bgp|block|filesystem|cilium|calico)\b)')
FLIP = {"true": "false", "false": "true", "l2": "bgp", "bgp": "l2", "block": "filesystem",
        "filesystem": "block", "cilium": "calico", "calico": "cilium"}


def ip_plus(text, n):
    a = [int(x) for x in text.split(".")]
    v = (a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3]) + n
    return ".".join(str((v >> s) & 255) for s in (24, 16, 8, 0))


def changed(m):
    kind = m.lastgroup if m.lastgroup != "unit" else "number"
    t = m.group(0)
    if kind == "comment":
        return None
    if kind == "string":
        inner = t[1:-1]
        v = re.fullmatch(r"(v?\d+\.\d+\.)(\d+)(.*)", inner)
        if v:
            return '"%s%d%s"' % (v.group(1), int(v.group(2)) + 1, v.group(3))
        return '"%sx"' % inner if inner else None
    if kind == "cidr":
        addr, prefix = t.split("/")
        return "%s/%s" % (ip_plus(addr, 1 << (32 - int(prefix))), prefix)
    if kind == "ip":
        return ip_plus(t, 1)
    if kind == "number":
        num = re.match(r"\d+(?:\.\d+)?", t).group(0)
        rest = t[len(num):]
        if "." in num:
            whole, frac = num.split(".")
            return "%s.%d%s" % (whole, int(frac) + 1, rest)
        return "%d%s" % (int(num) + 1, rest)
    return FLIP[t]


def spec_files(spec):
    for root, _, names in os.walk(spec):
        for n in sorted(names):
            if n.endswith(".kmetal"):
                yield os.path.join(root, n)


def token_changes(spec):
    out = []
    for path in sorted(spec_files(spec)):
        text = open(path).read()
        for m in TOKEN.finditer(text):
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            if line.lstrip().startswith("import"):
                continue
            new = changed(m)
            if new is None or new == m.group(0):
                continue
            out.append((os.path.relpath(path, spec), m.start(), m.end(), new,
                        "%s:%d %s -> %s" % (os.path.relpath(path, spec),
                                            text.count("\n", 0, m.start()) + 1, m.group(0), new),
                        line + m.group(0)))
    return out


def structural_changes(spec):
    """A new tenant (a copy of the last block with another name) and a removed one."""
    out = []
    for path in sorted(spec_files(spec)):
        text = open(path).read()
        blocks = list(re.finditer(r'^tenant "([^"]+)"[^\n]*\{.*?^\}\n', text, re.M | re.S))
        if not blocks:
            continue
        last = blocks[-1]
        copy = last.group(0).replace('"%s"' % last.group(1), '"zz-new"', 1)
        copy = re.sub(r"cidr = [0-9./]+", "cidr = auto", copy)
        copy = re.sub(r"vip = [0-9.]+", "vip = auto", copy)
        copy = re.sub(r"vlan = [0-9]+", "vlan = auto", copy)
        rel = os.path.relpath(path, spec)
        out.append((rel, last.end(), last.end(), copy, "%s: tenant zz-new added" % rel, ""))
        first = blocks[0]
        out.append((rel, first.start(), first.end(), "",
                    "%s: tenant %s removed" % (rel, first.group(1)), ""))
    return out


def apply(base, work, change):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base, work)
    rel, start, end, new = change[:4]
    path = os.path.join(work, rel)
    text = open(path).read()
    open(path, "w").write(text[:start] + new + text[end:])


def publish(spec, repo, full):
    args = [KMETAL, "publish", spec, "--repo", repo, "--allow-destroy"]
    if full:
        args.append("--full")
    return run(*args)


def new_repo(path):
    git(".", "init", "-q", "--bare", "-b", "main", path)
    git(path, "config", "user.name", "kmetal test")
    git(path, "config", "user.email", "test@kmetal.invalid")


def twin_step(spec, a, b, label, stats):
    code_a, out_a, err_a = publish(spec, a, False)
    code_b, out_b, err_b = publish(spec, b, True)
    # A publish that changed the branch for a change in one tenant's file should reuse others.
    if code_a == 0 and tree_of(a) != stats["last"] and label.startswith("tenants/"):
        stats["tenant_publishes"] += 1
        stats["reused"] += 1 if REUSED.search(out_a) else 0
        if not REUSED.search(out_a):
            stats["lowered_all"].append(label)
    stats["last"] = tree_of(a)
    why = []
    if code_a != code_b:
        why.append("exit %d against %d (full)" % (code_a, code_b))
    if REUSED.sub("", out_a) != out_b:
        why.append("stdout differs:\n%s\n--- full:\n%s" % (out_a, out_b))
    if err_a != err_b:
        why.append("stderr differs:\n%s\n--- full:\n%s" % (err_a, err_b))
    if tree_of(a) != tree_of(b):
        why.append("trees differ: %s against %s (full)" % (tree_of(a), tree_of(b)))
    return why


def forged_lock_is_caught(base, work, change, tmp):
    """A branch whose lock claims the changed spec's fingerprints over the unchanged files."""
    a, b = os.path.join(tmp, "forged-a.git"), os.path.join(tmp, "forged-b.git")
    new_repo(a)
    new_repo(b)
    for repo in (a, b):
        publish(base, repo, True)
    apply(base, work, change)
    code, lock, _ = run(KMETAL, "check", work, "--write-lock", "-")
    if code != 0:
        return None
    clone = os.path.join(tmp, "forge")
    shutil.rmtree(clone, ignore_errors=True)
    git(".", "clone", "-q", a, clone)
    open(os.path.join(clone, "kmetal.lock"), "w").write(lock)
    git(clone, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "forged")
    git(clone, "push", "-q", "origin", "main")
    # b gets the same forged lock, so only the reuse differs between the twins
    git(clone, "push", "-q", b, "main", "--force")
    stats = {"tenant_publishes": 0, "reused": 0, "last": "", "lowered_all": []}
    return twin_step(work, a, b, "forged", stats)


def hand_edit_waits_for_full(base, tmp):
    """A file edited on the branch inside a reused tenant's folder stays; --full restores it."""
    repo = os.path.join(tmp, "edited.git")
    new_repo(repo)
    publish(base, repo, False)
    clone = os.path.join(tmp, "edit")
    git(".", "clone", "-q", repo, clone)
    target = sorted(f for f in os.listdir(os.path.join(clone, "tenants"))
                    if os.path.isdir(os.path.join(clone, "tenants", f)))[0]
    path = os.path.join(clone, "tenants", target, "kustomization.yaml")
    with open(path, "a") as f:
        f.write("# edited by hand\n")
    git(clone, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "by hand")
    git(clone, "push", "-q", "origin", "main")
    edited = tree_of(repo)
    why = []
    code, out, _ = publish(base, repo, False)
    if code != 0 or tree_of(repo) != edited:
        why.append("an incremental publish changed the branch (exit %d)" % code)
    code, out, _ = publish(base, repo, True)
    shown = git(repo, "show", "main:tenants/%s/kustomization.yaml" % target)
    if code != 0 or "edited by hand" in shown:
        why.append("--full did not restore tenants/%s/kustomization.yaml" % target)
    return why


def main():
    total = 0
    for example in EXAMPLES:
        base = os.path.join(PROJECT, "examples", example)
        with tempfile.TemporaryDirectory() as tmp:
            a, b = os.path.join(tmp, "a.git"), os.path.join(tmp, "b.git")
            new_repo(a)
            new_repo(b)
            work = os.path.join(tmp, "spec")
            stats = {"tenant_publishes": 0, "reused": 0, "last": "", "lowered_all": []}
            why = twin_step(base, a, b, "first publish", stats)
            if why:
                failures.append("%s, first publish: %s" % (example, "; ".join(why)))
            changes = token_changes(base) + structural_changes(base)
            for change in changes:
                apply(base, work, change)
                why = twin_step(work, a, b, change[4], stats)
                if why:
                    failures.append("%s, %s: %s" % (example, change[4], "; ".join(why)))
            total += len(changes)
            # Not vacuous: a change in a tenants/ file that publishes leaves the other tenants
            # to the branch, unless the step also reverts the previous change in another tenant,
            # the other tenant peers with it, or carries a previous template generation.
            print("%s: %d changes; of %d publishes of a change in a tenant file, %d reused tenants"
                  % (example, len(changes), stats["tenant_publishes"], stats["reused"]))
            if stats["reused"] * 2 < stats["tenant_publishes"] or stats["reused"] < 5:
                failures.append("%s: only %d of %d tenant changes reused a tenant; all lowered "
                                "for: %s" % (example, stats["reused"], stats["tenant_publishes"],
                                             ", ".join(stats["lowered_all"])))
            # The comparison fires: a lock that claims what the files are not is caught.
            tenant_change = next(c for c in changes if c[0].startswith("tenants") and
                                 re.search(r"workers .*replicas = \d+$", c[5]))
            why = forged_lock_is_caught(base, work, tenant_change, tmp)
            if not why or not any(w.startswith("trees differ") for w in why):
                failures.append("%s: a forged lock went unnoticed (%s)" % (example, tenant_change[4]))
    with tempfile.TemporaryDirectory() as tmp:
        for w in hand_edit_waits_for_full(os.path.join(PROJECT, "examples", EXAMPLES[0]), tmp):
            failures.append("hand edit: " + w)
    for f in failures:
        print("FAILED:", f)
    print("%d changes, %d failures" % (total, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
