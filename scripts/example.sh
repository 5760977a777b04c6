#!/usr/bin/env bash
# Installs what is missing, builds kmetal (Release), checks the shipped example and compiles
# it into out/dc1, the tree Flux would apply.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release --target kmetal
./build/release/compiler/driver/kmetal check examples/dc1
./build/release/compiler/driver/kmetal build examples/dc1 -o out/dc1
