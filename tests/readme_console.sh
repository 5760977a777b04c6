#!/usr/bin/env bash
# Runs every ```console block of the README that starts with `$ kmetal ...` and compares what
# kmetal prints (stdout and stderr, in that order) with the block: each shown line must appear,
# in order; a line `...` stands for any number of lines kmetal prints there. The command runs
# in a scratch directory holding the examples and, as `spec.kmetal`, the golden case the
# Diagnostics section quotes.
# usage: readme_console.sh SOURCE_DIR KMETAL_BINARY
set -uo pipefail
src=$(realpath "$1")
kmetal=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/examples" "$work/examples"
cp "$src/tests/golden/errors/schema/unknown_attribute/input.kmetal" "$work/spec.kmetal"
mkdir "$work/bin" && ln -s "$kmetal" "$work/bin/kmetal"
export PATH="$work/bin:$PATH" NO_COLOR=1 SOURCE_DATE_EPOCH=1700000000

# Splits the README into blocks: block N's lines go to $work/block.N (first line the command);
# the plain block that draws the tree of `out/` goes to $work/tree.
awk -v dir="$work" '
  /^```console$/ { inside = 1; n++; file = dir "/block." n; next }
  /^```$/ && !inside { getline first; if (first == "out/") { inside = 1; file = dir "/tree";
                                                             print first > file }; next }
  /^```$/ && inside { inside = 0; next }
  inside { print > file }
' "$src/README.md"

passed=0; failed=0
for block in "$work"/block.*; do
  command=$(head -1 "$block")
  [[ "$command" == '$ kmetal '* ]] || continue
  command=${command#\$ }
  (cd "$work" && rm -rf out && bash -c "$command" >"$work/actual" 2>&1)
  # Matches the shown lines against the actual ones, `...` skipping ahead as far as needed.
  if python3 - "$block" "$work/actual" <<'PY'
import sys
shown = open(sys.argv[1]).read().splitlines()[1:]
actual = open(sys.argv[2]).read().splitlines()

def match(i, j):
    if i == len(shown):
        return j == len(actual)
    if shown[i] == "...":
        return any(match(i + 1, k) for k in range(j, len(actual) + 1))
    return j < len(actual) and shown[i] == actual[j] and match(i + 1, j + 1)

sys.exit(0 if match(0, 0) else 1)
PY
  then
    passed=$((passed + 1)); echo "ok: $command"
  else
    failed=$((failed + 1)); echo "FAILED: the README's output of \`$command\` differs from kmetal's:"
    diff <(tail -n +2 "$block") "$work/actual"
  fi
done

# The tree drawn under "The manifest tree" is what `kmetal build examples/dc1 -o out` writes.
(cd "$work" && rm -rf out && kmetal build examples/dc1 -o out >/dev/null)
python3 - "$work/out" >"$work/actual" <<'PY'
import os, sys

def draw(path, prefix):
    entries = sorted(os.listdir(path))
    for i, e in enumerate(entries):
        last = i == len(entries) - 1
        print(prefix + ("└── " if last else "├── ") + e)
        if os.path.isdir(os.path.join(path, e)):
            draw(os.path.join(path, e), prefix + ("    " if last else "│   "))

print("out/")
draw(sys.argv[1], "")
PY
if [ -s "$work/tree" ] && diff "$work/tree" "$work/actual"; then
  passed=$((passed + 1)); echo "ok: the tree of out/"
else
  failed=$((failed + 1)); echo "FAILED: the README's tree of out/ is not what build writes (above)"
fi
echo "$passed passed, $failed failed"
[ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
