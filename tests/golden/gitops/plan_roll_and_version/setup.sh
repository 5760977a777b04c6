set -eu
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
"$KMETAL" publish input --repo repo.git
sed -i "s|cpu = 16 memory = 64Gi|cpu = 24 memory = 96Gi|" input/tenants/acme.kmetal
sed -i "s|kubernetes   = \"1.31.4\"|kubernetes   = \"1.32.1\"|" input/platform.kmetal
