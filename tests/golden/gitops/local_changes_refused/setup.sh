set -eu
git init -q -b main work
git -C work config user.name "kmetal test"
git -C work config user.email test@kmetal.invalid
"$KMETAL" publish input --repo work
echo "# edited" >> work/tenants/acme/cluster-acme.yaml
sed -i "s|replicas = 2 cpu = 16|replicas = 3 cpu = 16|" input/tenants/acme.kmetal
