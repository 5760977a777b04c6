set -eu
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
"$KMETAL" publish input --repo repo.git
# one tenant keeps the platform's Cilium, the other moves to Calico; Cilium's patch moves
sed -i 's|cni { plugin = cilium version = "1.16.3" }|cni { plugin = cilium version = "1.16.4" }\n  chart_source "calico" { url = "https://docs.tigera.io/calico/charts" }|' input/platform.kmetal
sed -i 's|^tenant "globex" extends standard {|&\n  cni { plugin = calico version = "v3.29.1" }|' input/tenants/globex.kmetal
