set -eu
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
git init -q -b main --bare remote.git
git -C remote.git config user.name "kmetal test"
git -C remote.git config user.email test@kmetal.invalid
"$KMETAL" publish input --repo repo.git
"$KMETAL" publish input --repo remote.git -m "someone else"
sed -i "s|replicas = 2 cpu = 16|replicas = 3 cpu = 16|" input/tenants/acme.kmetal
