#!/usr/bin/env bash
# Installs kmetal's build and test dependencies from Debian 12's archive, only if missing
# (idempotent: a machine that has them all does no apt work at all). With --test it also
# installs the test tooling: sshd, nginx and fcgiwrap (real servers for the push tests),
# Node.js (from Debian, unless a `node` is already on PATH) and the pinned npm packages of
# tests/tools/cel (the CEL evaluator), again only when they are not installed at exactly the
# locked versions.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(
  g++ cmake ninja-build pkg-config
  antlr4 libantlr4-runtime-dev
  libyaml-cpp-dev nlohmann-json3-dev libssl-dev zlib1g-dev libgit2-dev libcli11-dev libfmt-dev
  libjemalloc-dev
  googletest libgtest-dev
  clang-format clang-tidy python3 python3-yaml python3-jsonschema git
)
test_tools=false
[ "${1:-}" = "--test" ] && test_tools=true
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if $test_tools; then
  # Real servers for the push tests (tests/gitops/remote_push_test.py).
  for p in openssh-server openssh-client nginx-light fcgiwrap; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if $test_tools; then
  cel=tests/tools/cel
  want=$(sha256sum "$cel/package-lock.json" | cut -d' ' -f1)
  have=$(cat "$cel/node_modules/.kmetal-lock-sha256" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    echo "installing the npm packages of $cel (package-lock.json)"
    npm ci --prefix "$cel" --no-audit --no-fund --loglevel=error
    echo "$want" >"$cel/node_modules/.kmetal-lock-sha256"
  fi
fi
