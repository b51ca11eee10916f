#!/usr/bin/env bash
# The crash suite: a `hemicycle serve` child is killed with SIGKILL at random points while it
# takes proposals and votes, ROUNDS times; after `hemicycle doctor --repair`, every acknowledged
# amendment and vote must be there, no record may lack its branch, and git fsck must be clean.
# Usage: Tests/cli/crash.sh <path to hemicycle> [rounds] [sqlite|postgres]; with postgres,
# participation goes to a new database of the cluster HEMICYCLE_TEST_DATABASE_URL names.
set -u
hemicycle=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
rounds=${2:-20}
store=${3:-sqlite}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hemicycle-crash.XXXXXX")
export HEMICYCLE_DATA_DIR="$work/data"
if [ "$store" = postgres ]; then
  cluster=${HEMICYCLE_TEST_DATABASE_URL:?crash.sh postgres needs HEMICYCLE_TEST_DATABASE_URL}
  database="hemicycle_crash_$$"
  psql "$cluster" -qc "CREATE DATABASE $database" >/dev/null || { echo "cannot create $database"; exit 1; }
  export HEMICYCLE_DATABASE_URL="${cluster%/*}/$database"
  echo "crash: participation on PostgreSQL"
fi
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill -9 "$server" 2>/dev/null
    wait "$server" 2>/dev/null
  fi
  if [ "$store" = postgres ]; then psql "$cluster" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "FAILED  $1"; }
ok() { passed=$((passed + 1)); echo "ok      $1"; }

"$hemicycle" bill import "$root/bills/republique-numerique" >/dev/null || { echo "import failed"; exit 1; }
printf 'un mot de passe\n' | "$hemicycle" account create crash-citoyen >/dev/null || { echo "account failed"; exit 1; }
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port/api/v1"

. "$(dirname "$0")/server.sh"


: >"$work/acknowledged"
for round in $(seq 1 "$rounds"); do
  start || { fail "round $round: the server did not start"; continue; }
  bearer=$(token crash-citoyen)
  # Fire proposals and votes until the kill; an answer 201/200 is an acknowledgement.
  (
    while true; do
      answer=$(curl -s -o "$work/body.$round" -w '%{http_code}' -X POST "$base/bills/republique-numerique/amendments" \
        -H "Authorization: Bearer $bearer" -H "Content-Type: application/json" \
        -d '{"baseVersion": "v2", "title": "Round '"$round"'", "summary": "", "changes": [{"kind": "delete", "article": "12"}]}')
      [ "$answer" = 201 ] || continue
      number=$(sed -n 's/.*"number":\([0-9]*\).*/\1/p' "$work/body.$round")
      echo "amendment $number" >>"$work/acknowledged"
      answer=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$base/bills/republique-numerique/amendments/$number/vote" \
        -H "Authorization: Bearer $bearer" -H "Content-Type: application/json" -d '{"value": "for"}')
      [ "$answer" = 200 ] && echo "vote $number" >>"$work/acknowledged"
    done
  ) &
  client=$!
  sleep "0.$((RANDOM % 9 + 1))"
  kill -9 "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  kill "$client" 2>/dev/null
  wait "$client" 2>/dev/null
  server=""
  "$hemicycle" doctor --repair >"$work/doctor.$round" 2>&1
  "$hemicycle" doctor >"$work/doctor-check.$round" 2>&1 || { fail "round $round: problems remain after repair"; cat "$work/doctor-check.$round"; }
done

# Everything acknowledged is there.
start || { fail "the server did not start for the final check"; exit 1; }
bearer=$(token crash-citoyen)
export_json=$(curl -s "$base/accounts/me/export" -H "Authorization: Bearer $bearer")
missing=0
while read -r kind number; do
  case $kind in
    amendment)
      [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/bills/republique-numerique/amendments/$number")" = 200 ] ||
        { missing=$((missing + 1)); echo "missing amendment $number"; } ;;
    vote)
      echo "$export_json" | grep -q "\"amendment\":$number[,}]" ||
        { missing=$((missing + 1)); echo "missing vote on $number"; } ;;
  esac
done <"$work/acknowledged"
count=$(wc -l <"$work/acknowledged")
[ "$count" -gt 0 ] && [ "$missing" -eq 0 ] && ok "$rounds SIGKILLs: all $count acknowledged writes present" ||
  fail "$rounds SIGKILLs: $missing of $count acknowledged writes missing"
kill -9 "$server" 2>/dev/null
wait "$server" 2>/dev/null
server=""
"$hemicycle" doctor >"$work/doctor.final" 2>&1 && ok "doctor: git and the database agree, git fsck and integrity check clean" ||
  { fail "doctor after the crashes"; cat "$work/doctor.final"; }
repairs=$(cat "$work"/doctor.[0-9]* | grep -c '^repaired' || true)
echo "crash: $repairs repairs made by doctor over $rounds rounds"
echo "crash: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
