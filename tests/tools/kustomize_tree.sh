#!/usr/bin/env bash
# Builds every folder of a kmetal output tree with the real `kubectl kustomize` (kustomize v5),
# as Flux's kustomize-controller would. Exits 77 (reported by ctest as skipped, never as
# passed) when kubectl is not installed.
set -euo pipefail
tree=$1
if ! command -v kubectl >/dev/null 2>&1; then
  echo "SKIPPED: kubectl is not installed, so kustomize builds were not checked"
  exit 77
fi
count=0
while IFS= read -r -d '' k; do
  dir=$(dirname "$k")
  if ! kubectl kustomize "$dir" >/dev/null 2>/tmp/kustomize.err.$$; then
    echo "kubectl kustomize ${dir#$tree/} failed:"; cat /tmp/kustomize.err.$$; rm -f /tmp/kustomize.err.$$
    exit 1
  fi
  count=$((count + 1))
done < <(find "$tree" -name kustomization.yaml -print0 | sort -z)
rm -f /tmp/kustomize.err.$$
echo "$count folders built with $(kubectl version --client 2>/dev/null | grep -i kustomize || echo kustomize)"
[ "$count" -gt 0 ]
