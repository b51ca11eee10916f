#!/usr/bin/env bash
# Two `hemicycle serve` nodes on one PostgreSQL database and one data directory, driven by 64
# concurrent clients split between them. Usage: Tests/cli/two-nodes.sh <path to hemicycle>, with
# HEMICYCLE_TEST_DATABASE_URL naming a cluster (Tests/postgres/with-cluster.sh starts one).
set -u
hemicycle=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
cluster=${HEMICYCLE_TEST_DATABASE_URL:?two-nodes.sh needs HEMICYCLE_TEST_DATABASE_URL}
work=$(mktemp -d "${TMPDIR:-/tmp}/hemicycle-nodes.XXXXXX")
database="hemicycle_nodes_$$"
psql "$cluster" -qc "CREATE DATABASE $database" >/dev/null
export HEMICYCLE_DATABASE_URL="${cluster%/*}/$database"
export HEMICYCLE_DATA_DIR="$work/data"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  psql "$cluster" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
check() { # check <description> <command…>
  local description=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1)); echo "ok      $description"
  else
    failed=$((failed + 1)); echo "FAILED  $description"; sed 's/^/        /' "$work/out" | head -20
  fi
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

check "import the demo bill into the shared data directory" "$hemicycle" bill import "$root/bills/republique-numerique"
printf 'un mot de passe du personnel\n' | "$hemicycle" account create greffier --role staff >/dev/null

ports=()
for node in a b; do
  port=$(free_port)
  ports+=("$port")
  "$hemicycle" serve --port "$port" --sign-ups-per-hour 0 --proposals-per-hour 0 >"$work/node-$node.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 100); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 0.2; done
done
node() { echo "localhost:${ports[$(($1 % 2))]}"; } # node <index>: the nodes in turn

# 100 accounts, made and signed in on either node.
for i in $(seq 0 99); do
  echo "$i"
done | xargs -P 16 -I{} sh -c '
  port=$(( {} % 2 )); [ $port -eq 0 ] && host=localhost:'"${ports[0]}"' || host=localhost:'"${ports[1]}"'
  curl -sf -H "Content-Type: application/json" -d "{\"handle\": \"votant-{}\", \"password\": \"mot de passe {}\"}" "$host/api/v1/accounts" >/dev/null &&
  curl -sf -H "Content-Type: application/json" -d "{\"handle\": \"votant-{}\", \"password\": \"mot de passe {}\"}" "$host/api/v1/sessions" |
    python3 -c "import json, sys; print(json.load(sys.stdin)[\"token\"])" >"'"$work"'/token-{}"'
check "100 accounts signed in across both nodes" test "$(cat "$work"/token-* 2>/dev/null | wc -l)" -eq 100

# 20 concurrent proposals, ten on each node.
seq 0 19 | xargs -P 20 -I{} sh -c '
  [ $(( {} % 2 )) -eq 0 ] && host=localhost:'"${ports[0]}"' || host=localhost:'"${ports[1]}"'
  curl -s -o '"$work"'/proposal-{} -w "%{http_code}\n" -H "Content-Type: application/json" -H "Authorization: Bearer $(cat '"$work"'/token-{})" \
    -d "{\"baseVersion\": \"v2\", \"title\": \"Proposition {}\", \"summary\": \"\", \"changes\": [{\"kind\": \"delete\", \"article\": \"$((2 + {}))\"}]}" \
    "$host/api/v1/bills/republique-numerique/amendments"' >"$work/proposals"
check "20 concurrent proposals all land (201)" sh -c "sort '$work/proposals' | uniq -c; test \$(grep -c '^201$' '$work/proposals') -eq 20"
numbers=$(curl -s "$(node 0)/api/v1/bills/republique-numerique/amendments?limit=100" |
  python3 -c 'import json, sys; print(" ".join(str(a["number"]) for a in json.load(sys.stdin)["items"]))')
check "their numbers are 1…20, none shared" test "$numbers" = "$(seq -s ' ' 1 20)"
check "one branch each in git" test "$(git --git-dir="$HEMICYCLE_DATA_DIR/bills/republique-numerique.git" for-each-ref refs/heads/amendments | wc -l)" -eq 20

# 100 accounts × 20 identical votes on amendment 1, 64 at a time, split between the nodes.
for i in $(seq 0 99); do for k in $(seq 1 20); do echo "$i $k"; done; done |
  xargs -P 64 -n 2 sh -c '
    [ $(( ($0 + $1) % 2 )) -eq 0 ] && host=localhost:'"${ports[0]}"' || host=localhost:'"${ports[1]}"'
    [ $(( $0 % 4 )) -eq 0 ] && value=against || value=for
    curl -s -o /dev/null -w "%{http_code}\n" -X PUT -H "Content-Type: application/json" \
      -H "Authorization: Bearer $(cat '"$work"'/token-$0)" -d "{\"value\": \"$value\"}" \
      "$host/api/v1/bills/republique-numerique/amendments/1/vote"' >"$work/votes"
check "2,000 votes acknowledged (200)" test "$(grep -c '^200$' "$work/votes")" -eq 2000
tally() { curl -s "$(node "$1")/api/v1/bills/republique-numerique/amendments/1" |
  python3 -c 'import json, sys; t = json.load(sys.stdin)["tally"]; print(t["for"], t["against"])'; }
check "exactly 100 votes counted: 75 for, 25 against (node A)" test "$(tally 0)" = "75 25"
check "node B reads the same tally" test "$(tally 1)" = "75 25"

# Closing on node A closes on node B at once.
staff=$(curl -s -H "Content-Type: application/json" -d '{"handle": "greffier", "password": "un mot de passe du personnel"}' \
  "$(node 0)/api/v1/sessions" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
check "staff close participation on node A" test "$(curl -s -o /dev/null -w '%{http_code}' -X PATCH \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $staff" -d '{"participation": "closed"}' \
  "$(node 0)/api/v1/bills/republique-numerique")" = 204
check "node B refuses the next vote (409)" test "$(curl -s -o /dev/null -w '%{http_code}' -X PUT \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $(cat "$work/token-1")" -d '{"value": "against"}' \
  "$(node 1)/api/v1/bills/republique-numerique/amendments/1/vote")" = 409

for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
pids=()
check "hemicycle doctor finds nothing" "$hemicycle" doctor
echo "two nodes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
