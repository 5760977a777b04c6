#!/usr/bin/env bash
# Installs what is missing, builds kmetal (Release) and runs it on the shipped example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release --target kmetal
./build/release/compiler/driver/kmetal check examples/dc1
