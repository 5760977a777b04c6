#!/usr/bin/env bash
# Times kmetal at fleet scale with hyperfine and writes bench/RESULTS.md: check, build, a first
# publish into an empty bare repository and a republish with one tenant changed, for N = 100,
# 1,000 and 10,000 tenants (bench/gen_fleet.py), beside the floors a user can compare with:
# `cp -r` of the produced tree and `git add -A && git commit` of it with the git CLI; also check
# of the same tenants in the cpu-bound shape (gen_fleet.py --cpu-bound: ~98% of cpu requested,
# failure_tolerance = 1). Peak RSS from /usr/bin/time -v. Prints the scaling exponent of check,
# the cpu-bound check and build between the last two sizes given (by default 1,000 and 10,000).
# Not part of the test command.
# usage: bench/run.sh [N ...]    (default: 100 1000 10000)
# The scratch directory is $KMETAL_BENCH_DIR (default /tmp); RESULTS.md records its file system.
# On a tmpfs (/dev/shm) the numbers measure the programs rather than the disk's write-back,
# which on a small VM varies fivefold between runs for ~180,000 files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
for p in hyperfine time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p"
done
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release --target kmetal >/dev/null
kmetal=$PWD/build/release/compiler/driver/kmetal
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
work=$(mktemp -d "${KMETAL_BENCH_DIR:-/tmp}/kmetal-bench.XXXXXX")
fs=$(df --output=fstype "$work" | tail -1)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@kmetal.invalid \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@kmetal.invalid
rows=()
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2 / 1024}'; }
mean() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']:.3f} s ± {r['stddev'] or 0:.3f}\")" "$1"; }
for n in "${sizes[@]}"; do
  d=$work/$n
  mkdir -p "$d"
  python3 bench/gen_fleet.py "$n" "$d/spec" >/dev/null
  python3 bench/gen_fleet.py "$n" "$d/cpu" --cpu-bound >/dev/null
  # capacity runs check too: a fleet that does not fit stops the bench here (set -e, pipefail)
  cpu_used=$("$kmetal" capacity "$d/cpu" | awk '$1 == "general" && $3 == "cpu" {print $NF}')
  runs=5; [ "$n" -ge 10000 ] && runs=3
  "$kmetal" build "$d/spec" -o "$d/tree" >/dev/null
  files=$(find "$d/tree" -type f | wc -l); bytes=$(du -sb "$d/tree" | cut -f1)
  # A copy of the spec with one tenant changed, for the republish.
  cp -r "$d/spec" "$d/changed"
  sed -i '0,/network { cidr = auto prefix = \([0-9]*\) }/s//network { cidr = auto prefix = \1 }\n  workers "extra" { replicas = 1 flavor = flavors.small }/' "$d/changed/tenants-000.kmetal"
  ! cmp -s "$d/spec/tenants-000.kmetal" "$d/changed/tenants-000.kmetal" ||
    { echo "bench: the one-tenant change did not apply" >&2; exit 1; }
  git init -q -b main --bare "$d/base.git"; git -C "$d/base.git" config user.name bench; git -C "$d/base.git" config user.email bench@kmetal.invalid
  "$kmetal" publish "$d/spec" --repo "$d/base.git" >/dev/null
  h() { local name=$1; shift; hyperfine --runs "$runs" --export-json "$d/$name.json" --style none "$@" >/dev/null; }
  h check "$kmetal check $d/spec"
  h cpucheck "$kmetal check $d/cpu"
  h build --prepare "rm -rf $d/out" "$kmetal build $d/spec -o $d/out"
  h cp --prepare "rm -rf $d/copy" "cp -r $d/tree $d/copy"
  h publish --prepare "rm -rf $d/r.git && git init -q -b main --bare $d/r.git && git -C $d/r.git config user.name bench && git -C $d/r.git config user.email bench@kmetal.invalid" \
    "$kmetal publish $d/spec --repo $d/r.git"
  h republish --prepare "rm -rf $d/r2.git && cp -r $d/base.git $d/r2.git" "$kmetal publish $d/changed --repo $d/r2.git"
  h gitcommit --prepare "rm -rf $d/g && mkdir $d/g && cp -r $d/tree/. $d/g/ && git -C $d/g init -q" \
    "git -C $d/g add -A && git -C $d/g commit -qm tree"
  rss_check=$(rss "$kmetal" check "$d/spec")
  rm -rf "$d/out"; rss_build=$(rss "$kmetal" build "$d/spec" -o "$d/out")
  rm -rf "$d/r.git"; git init -q -b main --bare "$d/r.git"; git -C "$d/r.git" config user.name bench; git -C "$d/r.git" config user.email b@k.invalid
  rss_publish=$(rss "$kmetal" publish "$d/spec" --repo "$d/r.git")
  rows+=("| $n | $files files, $(awk "BEGIN { printf \"%.1f\", $bytes / 1048576 }") MiB | $(mean "$d/check.json") ($rss_check) | $(mean "$d/cpucheck.json") ($cpu_used cpu) | $(mean "$d/build.json") ($rss_build) | $(mean "$d/cp.json") | $(mean "$d/publish.json") ($rss_publish) | $(mean "$d/republish.json") | $(mean "$d/gitcommit.json") |")
  echo "done: N=$n"
done
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d), commit \`$(git rev-parse --short HEAD)\`, scratch files on $fs."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(. /etc/os-release; echo "$PRETTY_NAME")."
  echo "Fleets from \`bench/gen_fleet.py N\`; hyperfine means ± standard deviation over 5 runs (3 for 10,000),"
  echo "peak RSS in parentheses (for the cpu-bound check, \`gen_fleet.py N --cpu-bound\`, the share of the pool's cpu requested)."
  echo "Floors: \`cp -r\` of the produced tree, and \`git add -A && git commit\` of it."
  echo
  echo "| tenants | tree | kmetal check | kmetal check, cpu-bound | kmetal build | floor: cp -r tree | kmetal publish (first) | kmetal publish (one tenant changed) | floor: git add + commit |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  small=""; [ ${#sizes[@]} -lt 2 ] || small=${sizes[-2]}
  large=${sizes[-1]}
  if [ -n "$small" ] && [ "$small" != "$large" ]; then
    echo
    echo "Scaling exponent k in time ~ N^k from $small to $large tenants (1 is linear):"
    for cmd in check cpucheck build; do
      python3 -c "import json,math,sys; t=[json.load(open(f))['results'][0]['mean'] for f in sys.argv[1:3]]; print(f'- {sys.argv[3]}: {math.log(t[1]/t[0])/math.log(int(sys.argv[5])/int(sys.argv[4])):.2f}')" \
        "$work/$small/$cmd.json" "$work/$large/$cmd.json" "$cmd" "$small" "$large"
    done
  fi
} > bench/RESULTS.md
cat bench/RESULTS.md
