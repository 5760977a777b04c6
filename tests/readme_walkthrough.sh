#!/usr/bin/env bash
# Runs the README's walkthrough block line by line in a scratch copy of the repository layout,
# checking each command's exit code against the `# exit N` the README gives (default 0). The
# output of the line marked `shown below` must be the README's plan-output block, verbatim.
# usage: readme_walkthrough.sh SOURCE_DIR KMETAL_BINARY
set -uo pipefail
src=$(realpath "$1")
kmetal=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build/release/compiler/driver"
ln -s "$kmetal" "$work/build/release/compiler/driver/kmetal"
cp -r "$src/examples" "$work/examples"
block=$(sed -n '/<!-- walkthrough:begin -->/,/<!-- walkthrough:end -->/p' "$src/README.md" | sed '1,2d;$d' | sed '$d')
[ -n "$block" ] || { echo "no walkthrough block in README.md"; exit 1; }
cd "$work"
export SOURCE_DATE_EPOCH=1700000000
passed=0; failed=0
while IFS= read -r line; do
  [ -z "$line" ] && continue
  want=0
  if [[ "$line" =~ \#\ exit\ ([0-9]+)(,\ shown\ below)?$ ]]; then want=${BASH_REMATCH[1]}; fi
  if [[ "$line" == export* ]]; then eval "$line"; passed=$((passed + 1)); continue; fi
  out=/dev/null
  [[ "$line" == *"shown below" ]] && out="$work/shown"
  bash -c "$line" >"$out" 2>"$work/err"; got=$?
  if [ "$got" -eq "$want" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAILED (exit $got, README says $want): $line"; cat "$work/err"; fi
done <<<"$block"
shown=$(sed -n '/<!-- plan-output:begin -->/,/<!-- plan-output:end -->/p' "$src/README.md" | sed '1,2d;$d' | sed '$d')
if [ -n "$shown" ] && [ "$shown" == "$(cat "$work/shown" 2>/dev/null)" ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAILED: the README's plan output differs from kmetal's:"
  diff <(echo "$shown") "$work/shown"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
