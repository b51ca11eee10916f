#!/usr/bin/env bash
# The pages with real clients: a `hemicycle serve` on a fresh data directory, the browser journey
# in headless Chromium (JavaScript on, with axe-core in French and English; then JavaScript off),
# and schemathesis against /api/v1/openapi.json, signed in. Usage:
#   Tests/browser/run.sh <hemicycle binary> <python of the virtual environment> [screenshots dir]
# Screenshots go to .build/screenshots unless a folder is given.
set -u
hemicycle="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
python="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shots="${3:-$root/.build/screenshots}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
server=""

cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

rm -rf "$shots" && mkdir -p "$shots"
for account in "greffe staff" "rapporteure rapporteur" "moderatrice staff"; do
  set -- $account
  printf '%s\n' "un mot de passe" | "$hemicycle" account create "$1" --role "$2" --data-dir "$work/data" >/dev/null \
    || { echo "browser: cannot create account $1"; exit 1; }
done
(cd "$root" && "$hemicycle" serve --data-dir "$work/data" --port "$port" --sign-ups-per-hour 0 \
  --reporter-minimum-age-hours 0 >"$work/serve.log" 2>&1) &
server=$!
for _ in $(seq 1 600); do
  curl -sf --max-time 2 "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "$base/healthz" >/dev/null || { echo "browser: the server did not start"; cat "$work/serve.log"; exit 1; }

failed=0
"$python" "$here/journey.py" --base-url "$base" --screenshots "$shots" --prefix js || failed=1
"$python" "$here/journey.py" --base-url "$base" --screenshots "$shots" --prefix nojs --no-js || failed=1

# schemathesis, signed in as staff (who may call every route), on the whole API: server errors,
# status codes, content types and headers, response schemas, authentication (every operation
# with security tried without it), and the stateful checks. Two checks are left out:
# positive_data_acceptance and negative_data_rejection ask the JSON Schema to be exactly the
# server's validation, and much of it is business rules no schema states (a draft without a
# title, a reserved or taken handle, a parent comment that does not exist). Signing out and
# erasing the account are left out too: they would end the session the run is signed in with
# (the Swift tests cover both).
token=$(curl -s -X POST "$base/api/v1/sessions" -H "Content-Type: application/json" \
  -d '{"handle": "moderatrice", "password": "un mot de passe"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "schemathesis: cannot sign in"; exit 1; }
# (run from the scratch folder: schemathesis keeps a cache in its working directory)
(cd "$work" && "$(dirname "$python")/schemathesis" run "$base/api/v1/openapi.json" --checks all \
  --exclude-checks positive_data_acceptance,negative_data_rejection \
  --exclude-name 'DELETE /api/v1/accounts/me' --exclude-name 'DELETE /api/v1/sessions/current' \
  --header "Authorization: Bearer $token" --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" --workers 1 \
  --seed "${SCHEMATHESIS_SEED:-15}" --no-color >"$work/schemathesis.log" 2>&1)
status=$?
tail -n 40 "$work/schemathesis.log"
[ $status -eq 0 ] || { echo "schemathesis: failures (exit $status)"; failed=1; }

if grep -q "request failed" "$work/serve.log"; then
  echo "browser: the server logged internal errors:"
  grep "request failed" "$work/serve.log" | head -20
  failed=1
fi
[ $failed -eq 0 ] && echo "browser: journey, accessibility and schemathesis passed"
exit $failed
