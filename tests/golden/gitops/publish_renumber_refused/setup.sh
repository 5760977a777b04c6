set -eu
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
"$KMETAL" publish input --repo repo.git
sed -i "s|cidr = 10.64.0.0/24|cidr = 10.64.1.0/24|" input/tenants/acme.kmetal
