#!/usr/bin/env bash
# The adoption crash suite: ROUNDS times, amendments are proposed, supported and decided through
# a server (three to adopt on different articles, one competing with the first for its alinéa,
# twenty on other articles), then `hemicycle bill adopt` is killed with SIGKILL at a random
# moment. After `hemicycle doctor --repair`: the adoption is either complete (its version tagged
# at main, its amendments adopted, every open amendment carried onto it or conflicted) or
# nothing moved (main at the version before, the decided amendments still awaiting adoption);
# no amendment branch points outside the bill's history; every acknowledged vote is present.
# Usage: Tests/cli/crash-adoption.sh <path to hemicycle> [rounds]
set -u
hemicycle=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
rounds=${2:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hemicycle-crash-adoption.XXXXXX")
export HEMICYCLE_DATA_DIR="$work/data"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill -9 "$server" 2>/dev/null
    wait "$server" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "FAILED  $1"; }
ok() { passed=$((passed + 1)); echo "ok      $1"; }

slug=republique-numerique
repo="$work/data/bills/$slug.git"
"$hemicycle" bill import "$root/bills/$slug" >/dev/null || { echo "import failed"; exit 1; }
printf 'un mot de passe\n' | "$hemicycle" account create crash-citoyen >/dev/null || { echo "account failed"; exit 1; }
printf 'un mot de passe\n' | "$hemicycle" account create crash-greffe --role staff >/dev/null || { echo "account failed"; exit 1; }
"$hemicycle" rule set "$slug" '{"minimumSupports": 1}' >/dev/null || { echo "rule failed"; exit 1; }
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port/api/v1"

. "$(dirname "$0")/server.sh"
stop() {
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  server=""
}
# The body of an amendment on the latest version rewriting alinéa 1 of article $1 as $2.
body() {
  "$hemicycle" bill article "$slug" "$1" --json | python3 -c '
import json, sys
article = json.load(sys.stdin)
alineas = [a["text"] for a in article["alineas"]]
alineas[0] = sys.argv[2]
print(json.dumps({"baseVersion": article["version"], "title": "Article " + sys.argv[1], "summary": "",
    "changes": [{"kind": "modify", "article": sys.argv[1], "text": "\n\n".join(alineas)}]}))' "$1" "$2"
}
latest() { git --git-dir "$repo" tag --list 'v*' | sed 's/^v//' | sort -n | tail -1; }

adopted_articles="1er 9 20"
open_articles="2 3 4 5 6 7 8 10 11 12 13 14 15 16 17 18 19 21 22 23"
: >"$work/acknowledged"
complete=0
untouched=0
killed=0
for round in $(seq 1 "$rounds"); do
  before=$(latest)
  # Bodies first, from the CLI (the server is stopped), then everything through the server.
  for label in $adopted_articles $open_articles; do body "$label" "Rédaction du tour $round pour l'article $label." >"$work/body.$label"; done
  body 1er "Rédaction concurrente du tour $round." >"$work/body.rival"
  start || { fail "round $round: the server did not start"; continue; }
  citizen=$(token crash-citoyen)
  staff=$(token crash-greffe)
  curl -s -o /dev/null -X PATCH "$base/bills/$slug" -H "Authorization: Bearer $staff" -H "Content-Type: application/json" -d '{"participation": "open"}'
  propose() {
    local number
    number=$(curl -s -X POST "$base/bills/$slug/amendments" -H "Authorization: Bearer $citizen" \
      -H "Content-Type: application/json" --data-binary "@$1" |
      python3 -c 'import json, sys; print(json.load(sys.stdin).get("number", ""))' 2>/dev/null)
    [ -n "$number" ] || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$base/bills/$slug/amendments/$number/vote" \
      -H "Authorization: Bearer $citizen" -H "Content-Type: application/json" -d '{"value": "for"}')" = 200 ] &&
      echo "vote $number" >>"$work/acknowledged"
    echo "$number"
  }
  decided=""
  for label in $adopted_articles; do
    number=$(propose "$work/body.$label") || { fail "round $round: proposal refused"; continue; }
    curl -s -o /dev/null -X POST "$base/bills/$slug/queue/$number/decision" -H "Authorization: Bearer $staff" \
      -H "Content-Type: application/json" -d '{"decision": "adopted"}'
    decided="$decided $number"
  done
  for label in $open_articles; do propose "$work/body.$label" >/dev/null || fail "round $round: proposal refused"; done
  propose "$work/body.rival" >/dev/null || fail "round $round: proposal refused"
  curl -s -o /dev/null -X PATCH "$base/bills/$slug" -H "Authorization: Bearer $staff" -H "Content-Type: application/json" -d '{"participation": "closed"}'
  stop

  # The adoption, killed at a random moment.
  "$hemicycle" bill adopt "$slug" --stage "Lecture $round" >"$work/adopt.$round" 2>&1 &
  adopter=$!
  sleep "$(printf '0.%02d' $((RANDOM % 100)))"
  if kill -9 "$adopter" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$adopter" 2>/dev/null
  "$hemicycle" doctor --repair >"$work/doctor.$round" 2>&1
  "$hemicycle" doctor >"$work/doctor-check.$round" 2>&1 || {
    fail "round $round: problems remain after repair"
    cat "$work/doctor.$round" "$work/doctor-check.$round"
    find "$repo" -name '*.lock'
  }

  after=$(latest)
  main=$(git --git-dir "$repo" rev-parse main)
  list=$("$hemicycle" amendment list "$slug" --json)
  if [ "$after" -gt "$before" ]; then
    complete=$((complete + 1))
    [ "$(git --git-dir "$repo" rev-parse "v$after^{commit}")" = "$main" ] || fail "round $round: v$after is not at main"
    # Every amendment decided this round is adopted; no open amendment is left on an older version.
    echo "$list" | python3 -c '
import json, sys
items = json.load(sys.stdin)
decided = set(int(n) for n in sys.argv[1].split())
latest = "v" + sys.argv[2]
bad = [i["number"] for i in items if i["number"] in decided and i["state"] != "adopted"]
bad += [i["number"] for i in items if i["state"] in ("proposed", "promoted") and i["baseVersion"] != latest]
sys.exit(1 if bad else 0)' "$decided" "$after" || fail "round $round: the adoption is not complete after repair"
  else
    untouched=$((untouched + 1))
    [ "$(git --git-dir "$repo" rev-parse "v$before^{commit}")" = "$main" ] || fail "round $round: main moved without a version"
    echo "$list" | python3 -c '
import json, sys
items = json.load(sys.stdin)
decided = set(int(n) for n in sys.argv[1].split())
sys.exit(1 if any(i["state"] == "adopted" for i in items if i["number"] in decided) else 0)' "$decided" ||
      fail "round $round: amendments marked adopted without their version"
    # The decided amendments still await adoption: adopt them now, so that the next round starts on the bill's latest text.
    "$hemicycle" bill adopt "$slug" --stage "Lecture $round" >"$work/adopt-again.$round" 2>&1 ||
      { fail "round $round: adopting again failed"; cat "$work/adopt-again.$round"; }
  fi
  # No amendment branch points outside the bill's history: each has its version as an ancestor.
  for ref in $(git --git-dir "$repo" for-each-ref --format='%(refname)' refs/heads/amendments/); do
    version=$(git --git-dir "$repo" log -1 --format='%(trailers:key=Base,valueonly)' "$ref" | head -1)
    git --git-dir "$repo" merge-base --is-ancestor "$version" "$ref" 2>/dev/null ||
      { fail "round $round: $ref is not on $version"; break; }
  done
done

# Every acknowledged vote is present.
start || { fail "the server did not start for the final check"; exit 1; }
export_json=$(curl -s "$base/accounts/me/export" -H "Authorization: Bearer $(token crash-citoyen)")
stop
missing=0
while read -r kind number; do
  echo "$export_json" | grep -q "\"amendment\":$number[,}]" || { missing=$((missing + 1)); echo "missing vote on $number"; }
done <"$work/acknowledged"
count=$(wc -l <"$work/acknowledged")
[ "$count" -gt 0 ] && [ "$missing" -eq 0 ] && ok "$rounds adoptions killed: all $count acknowledged votes present" ||
  fail "$rounds adoptions killed: $missing of $count acknowledged votes missing"
"$hemicycle" doctor >"$work/doctor.final" 2>&1 && ok "doctor: git and the database agree, git fsck clean" ||
  { fail "doctor after the crashes"; cat "$work/doctor.final"; }
git --git-dir "$repo" fsck --strict --no-dangling >"$work/fsck" 2>&1 && ok "git fsck --strict clean" ||
  { fail "git fsck --strict"; cat "$work/fsck"; }
repairs=$(cat "$work"/doctor.[0-9]* | grep -c '^repaired' || true)
echo "crash-adoption: $killed of $rounds adoptions killed before they ended; after repair, $complete complete and $untouched untouched; $repairs repairs by doctor"
echo "crash-adoption: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
