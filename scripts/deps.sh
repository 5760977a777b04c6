#!/usr/bin/env bash
# Installs kmetal's build and test dependencies from Debian 12's archive, only if missing
# (idempotent: a machine that has them all does no apt work at all).
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config
  antlr4 libantlr4-runtime-dev
  libyaml-cpp-dev nlohmann-json3-dev libssl-dev zlib1g-dev libgit2-dev libcli11-dev libfmt-dev
  googletest libgtest-dev
  clang-format clang-tidy python3 python3-yaml python3-jsonschema git
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
