#!/usr/bin/env bash
# The whole test suite: migrations check, pytest on SQLite, then pytest again on PostgreSQL
# when one answers (or WAYPOINT_TEST_DATABASE_URL is set). Extra arguments go to pytest.
# With CI=true, a missing PostgreSQL fails the run (tests/conftest.py does the same for Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
WORKERS=${WAYPOINT_TEST_WORKERS:-auto}
DEFAULT_PG_URL=postgres://postgres@127.0.0.1:5432/waypoint_test
PG_URL=${WAYPOINT_TEST_DATABASE_URL:-$DEFAULT_PG_URL}
CI=${CI:-false}

# Tests never touch a real installation's data, secret or database.
WAYPOINT_DATA_DIR=$(mktemp -d -t waypoint-test.XXXXXX)
export WAYPOINT_DATA_DIR
trap 'rm -rf "$WAYPOINT_DATA_DIR"' EXIT
export WAYPOINT_SECRET_KEY=insecure-test-only-key
export WAYPOINT_DEBUG=false

summary=()
totals=(0 0 0)  # passed failed skipped

run_suite() {
    local label=$1 url=$2
    shift 2
    local report="$WAYPOINT_DATA_DIR/$label.xml" start end status=0
    echo "== pytest on $label"
    start=$(date +%s.%N)
    DATABASE_URL=$url "$BIN/pytest" -n "$WORKERS" --junitxml="$report" "$@" || status=$?
    end=$(date +%s.%N)
    local seconds counts
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    counts=$("$BIN/python" - "$report" <<'EOF'
import sys
import xml.etree.ElementTree as ET

try:
    suite = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0 0 0")
    raise SystemExit
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
tests, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
print(tests - skipped - failed, failed, skipped)
EOF
)
    read -r passed failed skipped <<<"$counts"
    totals=($((totals[0] + passed)) $((totals[1] + failed)) $((totals[2] + skipped)))
    summary+=("$label: $passed passed, $failed failed, $skipped skipped in ${seconds}s")
    if [ "$status" -ne 0 ]; then
        print_summary
        echo "pytest on $label failed (exit $status)." >&2
        exit "$status"
    fi
}

print_summary() {
    echo
    printf '%s\n' "${summary[@]}"
    echo "${totals[0]} passed, ${totals[1]} failed, ${totals[2]} skipped"
}

postgres_answers() {
    "$BIN/python" - "$1" <<'EOF'
import sys

import dj_database_url
import psycopg

db = dj_database_url.parse(sys.argv[1])
try:
    # The maintenance database: the test database itself need not exist yet.
    psycopg.connect(
        host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
        password=db["PASSWORD"] or None, dbname="postgres", connect_timeout=3,
    ).close()
except psycopg.Error as exc:
    print(f"PostgreSQL does not answer at {db['HOST']}:{db['PORT']}: {exc}", file=sys.stderr)
    sys.exit(1)
EOF
}

# Decide about PostgreSQL first, so that CI fails before spending time on the SQLite pass.
run_postgres=false
if postgres_answers "$PG_URL"; then
    run_postgres=true
elif [ "$CI" = true ] || [ -n "${WAYPOINT_TEST_DATABASE_URL:-}" ]; then
    echo "PostgreSQL is required here (CI=true or WAYPOINT_TEST_DATABASE_URL set) but" \
        "did not answer at $PG_URL." >&2
    exit 1
fi

echo "== makemigrations --check"
DATABASE_URL="sqlite:///$WAYPOINT_DATA_DIR/check.sqlite3" \
    "$BIN/waypoint" makemigrations --check --dry-run

run_suite sqlite "sqlite:///$WAYPOINT_DATA_DIR/test.sqlite3" "$@"

if [ "$run_postgres" = true ]; then
    run_suite postgresql "$PG_URL" "$@"
else
    summary+=("postgresql: skipped (no server at $PG_URL)")
fi

print_summary
