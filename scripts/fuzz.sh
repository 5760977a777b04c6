#!/usr/bin/env bash
# Builds a libFuzzer target with clang (ASan + UBSan) and fuzzes it for SECONDS (default 300):
#   frontend (default): bytes as a spec, through the whole compiler up to the emitted tree,
#                       seeded from examples/ and every golden input;
#   lock:               bytes as a kmetal.lock beside a fixed spec, seeded from every golden lock;
#   remote:             bytes as a push's remote address and known_hosts file, seeded from
#                       fuzz/seeds/remote/.
# Findings land in build/fuzz/findings/; turn each into a golden case under
# tests/golden/errors/fuzz/. Each run adds a row to fuzz/RUNS.md.
# usage: scripts/fuzz.sh [SECONDS] [frontend|lock|remote]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
target=${2:-frontend}
commit=$(git rev-parse --short HEAD)  # what is built and fuzzed, whatever HEAD is by the end
case $target in frontend | lock | remote) ;; *) echo "usage: scripts/fuzz.sh [SECONDS] [frontend|lock|remote]" >&2; exit 3 ;; esac
bash scripts/deps.sh
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p"
done
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKMETAL_FUZZ=ON >/dev/null
cmake --build build/fuzz --target "kmetal_${target}_fuzzer"
corpus=build/fuzz/corpus-$target
mkdir -p "$corpus" build/fuzz/findings
i=0
case $target in
  frontend) seeds=(examples tests/golden -name '*.kmetal') ;;
  lock) seeds=(examples tests/golden -name kmetal.lock) ;;
  remote) seeds=(fuzz/seeds/remote -type f) ;;
esac
find "${seeds[@]}" -size -64k | sort | while read -r f; do
  cp "$f" "$corpus/seed-$((i++))"
done
# Every run is recorded in fuzz/RUNS.md (date, commit, target, duration, inputs executed, outcome).
log=build/fuzz/last-run-$target.log
set +e
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
  "./build/fuzz/fuzz/kmetal_${target}_fuzzer" "$corpus" -max_total_time="$seconds" -max_len=65536 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/findings/ -print_final_stats=1 2>&1 |
  tee "$log"
rc=${PIPESTATUS[0]}
set -e
execs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log")
outcome="no finding"
[ "$rc" -eq 0 ] || outcome="finding (exit $rc), in build/fuzz/findings/"
printf '| %s | `%s` | %s | %s s | %s | %s |\n' "$(date -u +%Y-%m-%d)" "$commit" \
  "$target" "$seconds" "${execs:-unknown}" "$outcome" >> fuzz/RUNS.md
exit "$rc"
