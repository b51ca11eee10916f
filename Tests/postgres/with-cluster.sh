#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: HEMICYCLE_TEST_DATABASE_URL names it while
# the command runs, and the cluster is removed afterwards, whatever the command's outcome.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/hemicycle-pg.XXXXXX")
trap 'bash "$here/cluster.sh" stop "$dir"' EXIT
HEMICYCLE_TEST_DATABASE_URL=$(bash "$here/cluster.sh" start "$dir")
export HEMICYCLE_TEST_DATABASE_URL
echo "PostgreSQL for the tests: $HEMICYCLE_TEST_DATABASE_URL"
"$@"
