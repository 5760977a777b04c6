set -eu
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
"$KMETAL" publish input --repo repo.git
sed -i "s|replicas = 2 cpu = 16|replicas = 3 cpu = 16|" input/tenants/acme.kmetal
touch repo.git/refs/heads/main.lock
