#!/usr/bin/env bash
# Crash and concurrency drills for kmetal publish, bounded in time.
#  1. kill -9 a publish at a random moment, ROUNDS times: the repository passes
#     `git fsck --strict`, the branch is the old commit or a child of it (never a half state),
#     and the next publish either works or explains the stale lock (and works once the lock
#     named in the message is removed), and leaves no temporary pack behind;
#  2. several publishes on one repository at once: none loses a commit.
# usage: publish_drill.sh KMETAL SOURCE_DIR [ROUNDS]
set -uo pipefail
kmetal=$(realpath "$1")
src=$(realpath "$2")
rounds=${3:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
RANDOM=7  # reproducible kill moments
passed=0; failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal drill"; git -C repo.git config user.email drill@kmetal.invalid
python3 "$src/bench/gen_fleet.py" 400 spec >/dev/null
timeout 120 "$kmetal" publish spec --repo repo.git >/dev/null || fail "first publish"

# How long one publish takes, so the kills land throughout it.
start=$(date +%s%N)
sed -i 's|replicas = 3 flavor = flavors.medium|replicas = 4 flavor = flavors.medium|' spec/platform.kmetal
timeout 120 "$kmetal" publish spec --repo repo.git >/dev/null || fail "timed publish"
span_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "one publish takes ${span_ms} ms; killing $rounds publishes at random moments within it"

# The next publish over a lock left by a killed process fails with KM5003 naming the lock
# file; the user removes it, as the message says.
explains_lock() {
  timeout 30 "$kmetal" publish spec --repo repo.git >/dev/null 2>err.txt; code=$?
  if [ $code -eq 4 ] && grep -q "KM5003" err.txt && grep -q "refs/heads/main.lock" err.txt; then ok; else
    fail "$1: a stale lock was not explained (exit $code)"; fi
  rm -f repo.git/refs/heads/main.lock
}

replicas=4
killed_with_lock=0
for round in $(seq 1 "$rounds"); do
  old=$(git -C repo.git rev-parse main)
  # 5, 4, 5, ...: a change every round that never outgrows the fleet, however many rounds
  replicas=$((4 + round % 2))
  sed -i "s|replicas = [0-9]* flavor = flavors.medium|replicas = $replicas flavor = flavors.medium|" spec/platform.kmetal
  delay_ms=$(( RANDOM % (span_ms + 1) ))
  "$kmetal" publish spec --repo repo.git >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk "BEGIN { print $delay_ms / 1000 }")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if git -C repo.git fsck --strict >/dev/null 2>&1; then ok; else fail "round $round: fsck after kill at ${delay_ms} ms"; fi
  now=$(git -C repo.git rev-parse main)
  if [ "$now" = "$old" ] || [ "$(git -C repo.git rev-parse "$now^" 2>/dev/null)" = "$old" ]; then ok; else
    fail "round $round: main is neither the old commit nor a child of it"; fi
  if [ -e repo.git/refs/heads/main.lock ]; then
    killed_with_lock=$((killed_with_lock + 1))
    explains_lock "round $round"
  fi
  timeout 120 "$kmetal" publish spec --repo repo.git >/dev/null 2>err.txt; code=$?
  if [ $code -eq 0 ]; then ok; else fail "round $round: the publish after the kill failed (exit $code): $(cat err.txt)"; fi
  if git -C repo.git fsck --strict >/dev/null 2>&1; then ok; else fail "round $round: fsck after recovery"; fi
  # A killed publish's temporary pack is gone once the next publish ran.
  left=$(find repo.git/objects/pack -name 'tmp_*' | wc -l)
  if [ "$left" -eq 0 ]; then ok; else fail "round $round: $left temporary pack files left"; fi
done
echo "rounds that left a stale lock: $killed_with_lock"
# The ref update is a short window and random kills rarely land in it: leave the lock such a
# kill leaves, so the explanation and the recovery are exercised on every run.
if [ "$killed_with_lock" -eq 0 ]; then
  git -C repo.git rev-parse main > repo.git/refs/heads/main.lock
  replicas=$((replicas + 1))
  sed -i "s|replicas = [0-9]* flavor = flavors.medium|replicas = $replicas flavor = flavors.medium|" spec/platform.kmetal
  explains_lock "a planted lock"
  timeout 120 "$kmetal" publish spec --repo repo.git >/dev/null 2>err.txt; code=$?
  if [ $code -eq 0 ]; then ok; else fail "the publish after removing the lock failed (exit $code)"; fi
fi

# Several publishers at once, each with its own change: no commit is lost.
for i in 1 2 3 4; do cp -r spec "spec$i"; sed -i "s|replicas = [0-9]* flavor = flavors.medium|replicas = $((20 + i)) flavor = flavors.medium|" "spec$i/platform.kmetal"; done
pids=()
for i in 1 2 3 4; do timeout 120 "$kmetal" publish "spec$i" --repo repo.git >"p$i.out" 2>"p$i.err" & pids+=($!); done
for i in 1 2 3 4; do
  wait "${pids[$((i - 1))]}"; code=$?
  if [ $code -eq 0 ]; then
    id=$(grep -o 'Published [0-9a-f]*' "p$i.out" | awk '{print $2}')
    if [ -n "$id" ] && git -C repo.git merge-base --is-ancestor "$id" main; then ok; else fail "publisher $i: commit $id lost"; fi
  elif [ $code -eq 4 ] && grep -qE 'KM5002|KM5003' "p$i.err"; then ok; else
    fail "publisher $i: exit $code without KM5002/KM5003"; fi
done
if git -C repo.git fsck --strict >/dev/null 2>&1; then ok; else fail "fsck after concurrent publishers"; fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
