#!/usr/bin/env bash
# The public suite: a `hemicycle serve` child read with stock git over HTTP, protocol v0 and v2,
# the way a journalist or another assembly would, and its participation ledger recounted from the
# bill's address by `hemicycle recount` and by tools/recount.py.
# Usage: Tests/cli/public.sh <path to hemicycle>
set -u
hemicycle=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hemicycle-public.XXXXXX")
export HEMICYCLE_DATA_DIR="$work/data"
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"
. "$(dirname "$0")/checks.sh"
. "$(dirname "$0")/server.sh"
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null
    wait "$server" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

slug=republique-numerique
"$hemicycle" bill import "$root/bills/$slug" >/dev/null || { echo "import failed"; exit 1; }
printf 'un mot de passe\n' | "$hemicycle" account create greffe --role staff >/dev/null || exit 1
printf 'un mot de passe\n' | "$hemicycle" account create citoyenne >/dev/null || exit 1
port=$((20000 + RANDOM % 20000))
api="http://127.0.0.1:$port/api/v1/bills/$slug"
url="http://127.0.0.1:$port/git/$slug.git"
current="$root/bills/$slug/03-Texte adopté par la commission des lois de l'Assemblée nationale"
start || { echo "FAILED  the server did not start"; sed 's/^/        /' "$work/serve.log" | tail -20; exit 1; }

for protocol in 0 2; do
  clone="$work/clone-v$protocol"
  check "protocol v$protocol: git clone of the bill's address" git -c protocol.version=$protocol clone --quiet "$url" "$clone"
  check "protocol v$protocol: the checkout is the current version's bill folder" diff -r -x .git "$clone" "$current"
  check "protocol v$protocol: git tag lists every version" test "$(git -C "$clone" tag | tr '\n' ' ')" = "v1 v2 v3 "
done

# Only branches and tags are advertised: not a followed bill's refs/upstream/, nor any other ref.
git --git-dir="$HEMICYCLE_DATA_DIR/bills/$slug.git" update-ref refs/upstream/main refs/heads/main
for protocol in 0 2; do
  check "protocol v$protocol: git ls-remote lists branches and tags only" sh -c "git -c protocol.version=$protocol ls-remote '$url' >'$work/refs' && grep -q 'refs/tags/v3' '$work/refs' && ! grep -v -e '	HEAD$' -e '	refs/heads/' -e '	refs/tags/' '$work/refs'"
done
git --git-dir="$HEMICYCLE_DATA_DIR/bills/$slug.git" update-ref -d refs/upstream/main

citizen=$(token citoyenne)
number=$(curl -s -X POST "$api/amendments" -H "Authorization: Bearer $citizen" -H "Content-Type: application/json" \
  -d '{"baseVersion": "v2", "title": "Supprimer l’article 12", "summary": "Il est satisfait.", "changes": [{"kind": "delete", "article": "12"}]}' |
  sed -n 's/.*"number":\([0-9]*\).*/\1/p')
check "an amendment is proposed through the API" test -n "$number"
check "and supported" sh -c "curl -sf -X PUT '$api/amendments/$number/vote' -H 'Authorization: Bearer $citizen' -H 'Content-Type: application/json' -d '{\"value\": \"for\"}'"
for protocol in 0 2; do
  clone="$work/clone-v$protocol"
  check "protocol v$protocol: git fetch brings the amendment's branch" sh -c "git -C '$clone' -c protocol.version=$protocol fetch --quiet && git -C '$clone' branch -r | grep -qx '  origin/amendments/$number'"
  check "protocol v$protocol: git diff origin/main...origin/amendments/$number shows its change" sh -c "git -C '$clone' diff --stat origin/main...origin/amendments/$number | grep -q 'articles/article-12.md .* -'"
  check "protocol v$protocol: git push is refused, pointing to the API" sh -c "! git -C '$clone' -c protocol.version=$protocol push origin HEAD:refs/heads/mine 2>'$work/push' && grep -q 'POST /api/v1/bills/$slug/amendments' '$work/push'"
done

# Another assembly follows the bill, and fetches its next version.
other="$work/other-assembly"
check "bill follow clones the bill from its address" sh -c "'$hemicycle' bill follow '$url' --slug suivi --data-dir '$other' | grep -qx 'following suivi from $url: v1, v2, v3'"
check "the follower keeps the upstream's history and tags" sh -c "test \"\$(git --git-dir='$other/bills/suivi.git' rev-parse v1 v2 v3 main)\" = \"\$(git --git-dir='$HEMICYCLE_DATA_DIR/bills/$slug.git' rev-parse v1 v2 v3 main)\""
check "a followed bill is read as any bill" sh -c "'$hemicycle' bill show suivi --data-dir '$other' | grep -q 'Chapitre Ier'"
cp -r "$current" "$work/v4" && sed -i '3s/$/ (rédaction de la séance)/' "$work/v4/articles/article-1er.md"
check "the upstream publishes a new version" "$hemicycle" bill publish "$slug" "$work/v4" --stage "Texte adopté en séance"
check "bill sync fetches it" sh -c "'$hemicycle' bill sync --data-dir '$other' | grep -qx 'suivi: new versions v4 (from $url)'"
check "a second sync has nothing new" sh -c "'$hemicycle' bill sync --data-dir '$other' | grep -qx 'suivi: up to date (from $url)'"
check "bill follow refuses an address that is not http(s) (exit 1), saying so" sh -c "! '$hemicycle' bill follow 'file://$HEMICYCLE_DATA_DIR/bills/$slug.git' --slug local --data-dir '$other' 2>'$work/err' && grep -q 'http(s) address' '$work/err' && test ! -e '$other/bills/local.git'"
check "bill follow of an address that serves no bill leaves nothing" sh -c "! '$hemicycle' bill follow 'http://127.0.0.1:$port/git/absent.git' --data-dir '$other' 2>/dev/null && test -z \"\$(ls -A '$other/bills' | grep -v suivi.git)\""

# Closing participation writes the ledger's epoch of the close.
staff=$(token greffe)
check "staff close participation" sh -c "curl -sf -X PATCH '$api' -H 'Authorization: Bearer $staff' -H 'Content-Type: application/json' -d '{\"participation\": \"closed\"}'"
for protocol in 0 2; do
  clone="$work/clone-v$protocol"
  check "protocol v$protocol: git branch -r lists the public amendments and the ledger" sh -c "git -C '$clone' -c protocol.version=$protocol fetch --quiet && git -C '$clone' branch -r | grep -qx '  origin/participation' && git -C '$clone' branch -r | grep -qx '  origin/amendments/$number'"
  check "protocol v$protocol: git fsck on the clone is clean" git -C "$clone" fsck --strict --no-progress
done
receipt=$(curl -s "$api/amendments/$number/vote" -H "Authorization: Bearer $citizen" | sed -n 's/.*"receipt":"\([0-9a-f]*\)".*/\1/p')
check "the voter's receipt is in the ledger, on their amendment" sh -c "test -n '$receipt' && git -C '$work/clone-v2' grep -q '^$receipt	for$' origin/participation -- 'votes/$number-*.tsv'"
check "hemicycle recount of the bill's address: all match" sh -c "'$hemicycle' recount '$url' >'$work/recount' && grep -qx '1 epoch, 1 amendment, 0 promotions: all match' '$work/recount'"
check "hemicycle recount of a clone says the same" sh -c "'$hemicycle' recount '$work/clone-v0' | diff - '$work/recount'"
check "tools/recount.py agrees, from the address and from the clone" sh -c "python3 '$root/tools/recount.py' '$url' | diff - '$work/recount' && python3 '$root/tools/recount.py' '$work/clone-v2' | diff - '$work/recount'"
check "recount of a folder that is no clone exits 1, saying so" sh -c "! '$hemicycle' recount '$work' 2>'$work/err' && grep -q 'no git repository' '$work/err'"

echo "public: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
