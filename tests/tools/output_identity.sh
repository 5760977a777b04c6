#!/usr/bin/env bash
# The output identity (cmake/output_identity.cmake, part of every tenant's fingerprint) moves
# with the content of any of its inputs and with nothing else: not the checkout's location,
# not a file's time stamp.
# usage: output_identity.sh PROJECT_DIR
set -euo pipefail
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
identity() {
  cmake -DINPUTS="$1/backends/a.cpp|$1/emit/b.h" -DROOT="$1" -DOUTPUT="$1/identity.h" \
    -P "$root/cmake/output_identity.cmake"
  grep -o '"[0-9a-f]\{64\}"' "$1/identity.h"
}
fail() { echo "FAILED: $*"; exit 1; }
for d in x y; do
  mkdir -p "$work/$d/backends" "$work/$d/emit"
  echo "int a;" >"$work/$d/backends/a.cpp"
  echo "int b;" >"$work/$d/emit/b.h"
done
first=$(identity "$work/x")
[ "$(identity "$work/y")" = "$first" ] || fail "the same sources elsewhere have another identity"
touch -d 2001-01-01 "$work/y/backends/a.cpp"
[ "$(identity "$work/y")" = "$first" ] || fail "a time stamp moved the identity"
echo "int b2;" >"$work/y/emit/b.h"
[ "$(identity "$work/y")" != "$first" ] || fail "a changed source left the identity"
echo "ok: the identity follows the sources' contents and names only"
