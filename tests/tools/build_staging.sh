#!/usr/bin/env bash
# build's staging folder: a killed build's leftover (its pid gone) is removed by the next build
# of the same output; one whose pid is alive (another build, writing now) is left alone; and a
# build that fails to write leaves nothing beside the output.
# usage: build_staging.sh KMETAL PROJECT_DIR
set -euo pipefail
kmetal=$1
project=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
cd "$work"
# pid_max is at most 2^22 on Linux: no process has pid 99999999.
mkdir -p .out.kmetal-99999999/tenants && echo stale >.out.kmetal-99999999/tenants/x.yaml
mkdir .out.kmetal-$$
"$kmetal" build "$project/examples/dc1" -o out >/dev/null
[ -f out/kmetal.lock ] || fail "the build wrote no tree"
[ ! -e .out.kmetal-99999999 ] || fail "a dead build's staging folder was left"
[ -d .out.kmetal-$$ ] || fail "a live process's staging folder was removed"
rmdir .out.kmetal-$$
# A failed write: the output's parent is a file.
echo file >blocker
if "$kmetal" build "$project/examples/dc1" -o blocker/out >/dev/null 2>&1; then
  fail "a build under a file succeeded"
fi
leftovers=$(find . -name '.*kmetal-*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "a failed build left a staging folder"
echo "ok: abandoned staging folders are removed, live ones kept, failures leave none"
