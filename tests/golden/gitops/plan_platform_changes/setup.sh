set -eu
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
"$KMETAL" publish input --repo repo.git
# The platform's own changes: the provider network and the egress move to other NICs;
# nothing else.
sed -i 's/interface = "eth1"/interface = "bond1"/; s/interface = "eth2"/interface = "bond2"/' input/platform.kmetal
