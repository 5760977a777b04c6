set -eu
git init -q -b main --bare repo.git
git -C repo.git config user.name "kmetal test"
git -C repo.git config user.email test@kmetal.invalid
