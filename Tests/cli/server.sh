# Sourced by the crash suites: start and stop a `hemicycle serve` child on $port, its log in
# $work/serve.log, with no hourly quota on proposals and revisions (one account writes fast).
server=""

start() {
  "$hemicycle" serve --port "$port" --bills-dir "$work/none" --demo-dir "$work/none" --proposals-per-hour 0 \
    --revisions-per-hour 0 >>"$work/serve.log" 2>&1 &
  server=$!
  # Start-up runs the doctor first; give it 20 s, and stop a server that did not answer.
  for _ in $(seq 1 400); do
    curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  kill -9 "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  server=""
  return 1
}

# A session token for account $1 (password "un mot de passe").
token() {
  curl -s -X POST "http://127.0.0.1:$port/api/v1/sessions" -H "Content-Type: application/json" \
    -d '{"handle": "'"$1"'", "password": "un mot de passe"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}
