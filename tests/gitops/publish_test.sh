#!/usr/bin/env bash
# kmetal publish against real git repositories, read back with the git CLI.
# usage: publish_test.sh KMETAL SOURCE_DIR     (every kmetal call is bounded by `timeout`)
set -uo pipefail
kmetal=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export SOURCE_DATE_EPOCH=1700000000
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
km() { timeout 120 "$kmetal" "$@"; }
bare() { git init -q -b main --bare "$1" && git -C "$1" config user.name "kmetal test" && git -C "$1" config user.email test@kmetal.invalid; }
fsck() { git -C "$1" fsck --strict >/dev/null 2>&1; }

# --- first publish into a non-bare repository with foreign files; clean status after
git init -q -b main repo && git -C repo config user.name "kmetal test" && git -C repo config user.email test@kmetal.invalid
mkdir -p repo/docs && echo "ours, not kmetal's" > repo/docs/notes.md && echo "# platform repo" > repo/README.md
git -C repo add -A && git -C repo commit -qm "foreign files"
foreign_blob=$(git -C repo rev-parse HEAD:docs/notes.md)
cp -r "$src/examples/dc1" spec
km publish spec --repo repo >/dev/null; check "first publish exits 0" [ $? -eq 0 ]
check "fsck --strict is clean" fsck repo
check "work tree and index are clean" [ -z "$(git -C repo status --porcelain)" ]
check "the tree holds the Flux layout" bash -c "git -C repo ls-tree -r --name-only main | grep -qx 'clusters/dc1/kustomization.yaml'"
check "foreign files are kept" [ "$(git -C repo rev-parse HEAD:docs/notes.md)" = "$foreign_blob" ]
first=$(git -C repo rev-parse main)
packed() { git -C repo count-objects -v | awk '/^packs:/ {print $2}'; }
newest_pack_objects() { git show-index < "$(ls -t repo/.git/objects/pack/*.idx | head -1)" | wc -l; }
check "the first publish wrote its objects as one packfile" [ "$(packed)" = 1 ]
check "that pack holds every file of the tree" [ "$(newest_pack_objects)" -ge "$(git -C repo ls-tree -r main | wc -l)" ]

# --- republishing an unchanged spec makes no commit
out=$(km publish spec --repo repo); code=$?
check "republish exits 0" [ $code -eq 0 ]
check "republish makes no commit" [ "$(git -C repo rev-parse main)" = "$first" ]
check "republish says so" grep -q "No changes" <<<"$out"

# --- a changed tenant touches only its own paths
sed -i 's|cpu = 16 memory = 64Gi|cpu = 24 memory = 64Gi|' spec/tenants/acme.kmetal
km publish spec --repo repo >/dev/null; check "changed spec publishes" [ $? -eq 0 ]
changed=$(git -C repo diff --name-only HEAD~1 HEAD)
# its own paths: its folder, and its quota in the platform's folder for it (a bigger VM raises it),
# and in the lock, acme's fingerprint alone
check "only acme's folders and the lock changed" bash -c "! grep -v '^tenants/acme/\\|^platform/dc1/tenants/acme/\\|^kmetal.lock\$' <<<'$changed'"
check "the lock changed in acme's fingerprint only" bash -c "[ \"\$(git -C repo diff -U0 HEAD~1 HEAD -- kmetal.lock | grep '^[-+]tenant' | cut -d' ' -f2,3 | sort -u)\" = 'acme fingerprint' ]"
check "acme's quota grew with its VMs" grep -qx 'platform/dc1/tenants/acme/network/resourcequota-acme-kmetal-tenant.yaml' <<<"$changed"
# the new objects: the changed blobs, the trees above them (two folders deep in tenants/, five
# in platform/), the lock, the commit; the pack holds exactly those
new_objects=$(git -C repo rev-list --objects HEAD~1..HEAD | wc -l)
check "a one-tenant change adds one pack of exactly its new objects" \
  bash -c "[ $(packed) = 2 ] && [ $(newest_pack_objects) -eq $new_objects ] && [ $new_objects -le 17 ]"
check "the commit message names the roll" bash -c "git -C repo log -1 --format=%B | grep -q 'acme-gpu will roll'"
check "the previous machine template is kept one more publish" bash -c "[ \$(git -C repo ls-tree --name-only main tenants/acme/ | grep -c kubevirtmachinetemplate-acme-gpu) -eq 2 ]"
check "status still clean" [ -z "$(git -C repo status --porcelain)" ]
rolled=$(git -C repo rev-parse main)
km publish spec --repo repo >/dev/null
check "an unchanged republish after a roll commits nothing (the prune waits)" [ "$(git -C repo rev-parse main)" = "$rolled" ]

# --- a removed tenant is refused, then allowed
rm spec/tenants/globex.kmetal
before=$(git -C repo rev-parse main)
km publish spec --repo repo >/dev/null 2>err.txt; code=$?
check "removing a tenant is refused (exit 1)" [ $code -eq 1 ]
check "the refusal says why" grep -q "KM5006" err.txt
check "a refused publish leaves the branch" [ "$(git -C repo rev-parse main)" = "$before" ]
km publish spec --repo repo --allow-destroy >/dev/null; check "--allow-destroy publishes" [ $? -eq 0 ]
check "the tenant is gone" bash -c "! git -C repo ls-tree -r --name-only main | grep -q '^tenants/globex/'"
check "the next real change pruned the previous template generation" bash -c "[ \$(git -C repo ls-tree --name-only main tenants/acme/ | grep -c kubevirtmachinetemplate-acme-gpu) -eq 1 ]"
check "foreign files still kept" [ "$(git -C repo rev-parse HEAD:docs/notes.md)" = "$foreign_blob" ]
check "fsck after the series" fsck repo

# --- a stale lock is an immediate, explained error; removing it recovers
sed -i 's|replicas = 2 cpu = 24|replicas = 3 cpu = 24|' spec/tenants/acme.kmetal
touch repo/.git/refs/heads/main.lock
timeout 20 "$kmetal" publish spec --repo repo >/dev/null 2>err.txt; code=$?
check "a stale lock fails with exit 4, without hanging" [ $code -eq 4 ]
check "the error names the lock file" grep -q "repo/.git/refs/heads/main.lock" err.txt
rm repo/.git/refs/heads/main.lock
km publish spec --repo repo >/dev/null; check "after removing the lock, publish works" [ $? -eq 0 ]

# --- push to a second bare repository, by path and by file:// URL, never forced
bare mirror.git; bare mirror2.git
km publish spec --repo repo --push "$work/mirror.git" >/dev/null 2>&1
check "push by path, even when there is nothing new to commit" [ "$(git -C mirror.git rev-parse main)" = "$(git -C repo rev-parse main)" ]
sed -i 's|replicas = 3 cpu = 24|replicas = 4 cpu = 24|' spec/tenants/acme.kmetal
km publish spec --repo repo --push "file://$work/mirror2.git" >/dev/null 2>&1
check "push by file:// URL" [ "$(git -C mirror2.git rev-parse main)" = "$(git -C repo rev-parse main)" ]
check "mirrors pass fsck" fsck mirror2.git

# --- auto allocations stay put when a tenant is inserted between two others
bare alloc.git
mkdir alloc && cat > alloc/spec.kmetal <<'KM'
platform "p" {
  domain = "p.example.net" kubernetes = "1.31.4" tenant_space = 10.64.0.0/10
  nameservers = [203.0.113.53]
  cni { plugin = none }
  host_pool "a" { count = 4 cpu = 64 memory = 256Gi storage = 4Ti }
  provider_network "phys" { interface = "eth1" vlans = 100..200 }
  vip_pool "v" { addresses = [192.0.2.0/24] }
}
profile "t" {
  network { cidr = auto vlan = auto }
  cluster_network { pods = 10.244.0.0/16 services = 10.200.0.0/16 }
  workers "w" { replicas = 1 cpu = 1 memory = 2Gi disk = 10Gi }
}
tenant "alpha" extends t {}
tenant "gamma" extends t {}
KM
km publish alloc/spec.kmetal --repo alloc.git >/dev/null
git -C alloc.git show main:kmetal.lock | grep -E '^tenant (alpha|gamma) ' > before.txt
echo 'tenant "beta" extends t {}' >> alloc/spec.kmetal
km publish alloc/spec.kmetal --repo alloc.git >/dev/null
git -C alloc.git show main:kmetal.lock | grep -E '^tenant (alpha|gamma) ' > after.txt
check "alpha and gamma had allocations to keep" [ "$(wc -l < before.txt)" -ge 6 ]
check "inserting beta moves no allocation of alpha or gamma" diff -q before.txt after.txt
check "beta got its own allocations" bash -c "git -C alloc.git show main:kmetal.lock | grep -q '^tenant beta cidr'"

# --- SOURCE_DATE_EPOCH: the same input gives the same commit id
bare one.git; bare two.git
km publish spec --repo one.git >/dev/null; km publish spec --repo two.git >/dev/null
id1=$(git -C one.git rev-parse main 2>/dev/null); id2=$(git -C two.git rev-parse main 2>/dev/null)
check "identical commit ids under SOURCE_DATE_EPOCH" test -n "$id1" -a "$id1" = "$id2"

# --- the branch moves while a (large) publish runs: compare-and-swap refuses, nothing is lost
bare race.git
python3 "$src/bench/gen_fleet.py" 1500 fleet >/dev/null
km publish fleet --repo race.git >/dev/null
sed -i 's|replicas = 3 flavor = flavors.medium|replicas = 4 flavor = flavors.medium|' fleet/platform.kmetal
( timeout 300 "$kmetal" publish fleet --repo race.git >race.out 2>race.err; echo $? > race.code ) &
sleep 0.5
other=$(git -C race.git commit-tree -m "someone else" "$(git -C race.git rev-parse 'main^{tree}')" -p main)
git -C race.git update-ref refs/heads/main "$other"
wait
code=$(cat race.code)
if [ "$code" -eq 4 ]; then
  check "the losing publish explains itself (KM5002)" grep -q "KM5002" race.err
  check "the other writer's commit is kept" [ "$(git -C race.git rev-parse main)" = "$other" ]
else
  fail "the publish finished before the branch moved (exit $code); the race was not exercised"
fi
check "fsck after the race" fsck race.git

# --- two publishers at once, several times: each wins or loses cleanly; no commit is lost
bare busy.git
cp -r "$src/examples/dc1" s1; cp -r "$src/examples/dc1" s2
sed -i 's|replicas = 2 cpu = 16|replicas = 5 cpu = 16|' s2/tenants/acme.kmetal
km publish s1 --repo busy.git >/dev/null
lost=0; clean=1; published=0
for round in 1 2 3 4 5 6; do
  for s in s1 s2; do sed -i "s|disk = [0-9]*Gi }|disk = $((200 + round))Gi }|" $s/tenants/acme.kmetal; done
  km publish s1 --repo busy.git >p1.out 2>p1.err & a=$!
  km publish s2 --repo busy.git >p2.out 2>p2.err & b=$!
  wait $a; ca=$?; wait $b; cb=$?
  for i in 1 2; do
    c=$([ $i -eq 1 ] && echo $ca || echo $cb)
    if [ "$c" -eq 0 ]; then
      id=$(grep -o 'Published [0-9a-f]*' p$i.out | awk '{print $2}')
      if [ -n "$id" ]; then
        published=$((published + 1))
        git -C busy.git merge-base --is-ancestor "$id" main || lost=1
      fi
    elif [ "$c" -eq 4 ]; then
      grep -qE 'KM5002|KM5003' p$i.err || clean=0
    else
      clean=0
    fi
  done
done
check "publishers did publish" [ $published -ge 6 ]
check "no published commit was lost" [ $lost -eq 0 ]
check "every losing publisher exited 4 with KM5002 or KM5003" [ $clean -eq 1 ]
check "fsck after concurrent publishers" fsck busy.git

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
