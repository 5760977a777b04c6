#!/usr/bin/env bash
# The crash drill at length: tests/drills/publish_drill.sh (which the test suite runs with 8
# rounds) with ROUNDS random `kill -9` during a publish of a 400-tenant fleet, each followed by
# `git fsck --strict`, a check that the branch is the old commit or a child of it, and a
# recovering publish. Builds kmetal in Release and appends one row to bench/DRILLS.md.
# Not part of the test command.
# usage: bench/drill.sh [ROUNDS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200}
bash scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release --target kmetal >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
code=0
set +e
bash tests/drills/publish_drill.sh build/release/compiler/driver/kmetal . "$rounds" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e
seconds=$(($(date +%s) - start))
span=$(grep -o 'one publish takes [0-9]* ms' "$log" | grep -o '[0-9]*' || echo "?")
locks=$(grep -o 'rounds that left a stale lock: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
fsck_failures=$(grep -c 'FAILED: .*fsck' "$log" || true)
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
[ -n "$summary" ] || summary="did not finish (exit $code)"
[ -f bench/DRILLS.md ] || cat >bench/DRILLS.md <<'EOF'
# Crash drills

Rows are appended by `bash bench/drill.sh [ROUNDS]`: ROUNDS publishes of a 400-tenant fleet
(`bench/gen_fleet.py 400`) killed with `kill -9` at a random moment within one publish's
duration, each followed by `git fsck --strict`, a check that the branch is the old commit or a
child of it, and a publish that must succeed (after removing a stale lock when the kill left
one, as the KM5003 message says); then four concurrent publishers. "Checks" counts the drill's
assertions.

| date | commit | kills | one publish | kills that left a lock | fsck failures | checks | time |
|---|---|---|---|---|---|---|---|
EOF
printf '| %s | `%s` | %s | %s ms | %s | %s | %s | %s s |\n' "$(date -u +%Y-%m-%d)" \
  "$(git rev-parse --short HEAD)" "$rounds" "$span" "$locks" "$fsck_failures" "$summary" \
  "$seconds" >>bench/DRILLS.md
tail -1 bench/DRILLS.md
exit "$code"
