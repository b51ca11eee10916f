# Sourced by the command-line suites: `check` and `status_is`, counting into $passed and $failed,
# with a command's output in $work/out.
passed=0
failed=0

check() { # check <description> <command…>: passes when the command succeeds
  local description=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok      $description"
  else
    failed=$((failed + 1))
    echo "FAILED  $description"
    sed 's/^/        /' "$work/out" | head -20
  fi
}

status_is() { # status_is <expected> <command…>
  local expected=$1
  shift
  "$@" >/dev/null 2>&1
  [ "$?" -eq "$expected" ]
}
