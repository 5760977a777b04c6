set -eu
# No --branch: the branch is the one HEAD names, here trunk, as git's own commands take it.
git init -q -b trunk --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
