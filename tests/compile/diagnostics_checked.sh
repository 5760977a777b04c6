#!/usr/bin/env bash
# A diagnostic reported with the wrong arguments fails the build, never a run: each case below
# is compiled against compiler/base/diagnostics.h; the well-formed one must compile and each
# ill-formed one must be refused with the reason it names.
# Usage: diagnostics_checked.sh CXX SOURCE_DIR
set -uo pipefail
cxx=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# compile NAME EXPECT BODY: EXPECT is "ok" or a pattern the compiler's error must contain.
compile() {
  local name=$1 expect=$2 body=$3
  printf '#include "compiler/base/diagnostics.h"\nvoid f(kmetal::DiagnosticEngine& d) {\n%s\n}\n' \
    "$body" >"$work/$name.cpp"
  if "$cxx" -std=c++17 -fsyntax-only -I "$src" "$work/$name.cpp" 2>"$work/$name.err"; then
    if [ "$expect" = ok ]; then echo "ok: $name compiles"; return; fi
    echo "FAILED: $name compiled; it must be refused"
  elif [ "$expect" = ok ]; then
    echo "FAILED: $name must compile:"; head -20 "$work/$name.err"
  elif grep -q -- "$expect" "$work/$name.err"; then
    echo "ok: $name is refused ($expect)"; return
  else
    echo "FAILED: $name was refused, but not for \"$expect\":"; head -20 "$work/$name.err"
  fi
  failed=1
}

compile matching ok \
  'd.report(kmetal::DiagKind::unknown_attribute, {}, "cidrs", "network");
   d.report(kmetal::DiagKind::control_character, {}, 7u);
   d.report(kmetal::DiagKind::empty_file, {});'
compile too_few 'do not match this diagnostic' \
  'd.report(kmetal::DiagKind::unknown_attribute, {}, "cidrs");'
compile too_many 'do not match this diagnostic' \
  'd.report(kmetal::DiagKind::empty_file, {}, "extra");'
# KM1003's `{:04X}` formats a code point: a string there is a type error (fmt's check fails
# while the format string is evaluated as a constant expression; GCC and clang word it alike).
compile wrong_type 'constant expression' \
  'd.report(kmetal::DiagKind::control_character, {}, "seven");'
compile runtime_kind 'takes a DiagKind::name' \
  'd.report(kmetal::DiagId::empty_file, {});'
exit $failed
