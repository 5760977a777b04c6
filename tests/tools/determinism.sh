#!/usr/bin/env bash
# Determinism: the same spec built twice gives byte-identical trees, and so does the same
# spec with its files merged in another order and its tenants and top-level blocks reversed.
# SPEC_DIR `fleet:N` is a fleet of N tenants from bench/gen_fleet.py: more than one batch of
# 256 tenants, so the threads that lower and write batches finish in varying order.
# usage: determinism.sh KMETAL SPEC_DIR
set -euo pipefail
kmetal=$1
spec=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ $spec == fleet:* ]]; then
  python3 "$(dirname "$0")/../../bench/gen_fleet.py" "${spec#fleet:}" "$work/fleet" >/dev/null
  spec=$work/fleet
fi
"$kmetal" build "$spec" -o "$work/first" >/dev/null
"$kmetal" build "$spec" -o "$work/second" >/dev/null
diff -r "$work/first" "$work/second"

# One file, imports first, then every top-level block of every file in reverse order.
python3 - "$spec" "$work/shuffled.kmetal" <<'PY'
import os, re, sys
spec, out = sys.argv[1], sys.argv[2]
imports, blocks = set(), []
for folder, _, files in sorted(os.walk(spec)):
    for name in sorted(files):
        if not name.endswith(".kmetal"):
            continue
        text = open(os.path.join(folder, name)).read()
        lines = []
        for line in text.splitlines():
            if line.startswith("import "):
                imports.add(line)
            else:
                lines.append(line)
        # Split top-level items at column 0: `let`, or blocks closed by a `}` at column 0.
        item = []
        for line in lines:
            if not item and not line.strip():
                continue
            item.append(line)
            if line.startswith("let ") or line.startswith("}"):
                blocks.append("\n".join(item))
                item = []
        assert not [l for l in item if l.strip() and not l.strip().startswith("#")], item
with open(out, "w") as f:
    f.write("\n".join(sorted(imports)) + "\n\n")
    lets = [b for b in blocks if b.startswith("let ")]
    f.write("\n".join(lets) + "\n\n" + "\n\n".join(reversed([b for b in blocks if not b.startswith("let ")])) + "\n")
PY
"$kmetal" build "$work/shuffled.kmetal" -o "$work/shuffled" >/dev/null
diff -r "$work/first" "$work/shuffled"
echo "identical: two builds, and a reordered spec ($(find "$work/first" -type f | wc -l) files)"
