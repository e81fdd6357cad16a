#!/usr/bin/env bash
# Second command of the README: lint, type checks, then the whole test suite on SQLite, and the tests
# that open a database again on a real PostgreSQL server started on loopback by scripts/postgres.sh.
# Extra arguments go to pytest. PLANWATCH_SKIP_POSTGRES=1 runs the SQLite pass only (local use).
# Tests run in parallel, one pytest-xdist worker per core (PLANWATCH_TEST_WORKERS overrides; 0 runs in one process), each
# file's tests on one worker (its module fixtures are built once). The PostgreSQL pass runs the tests that open a
# database (tests/conftest.py picks them); the others do not depend on the backend.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check src tests benchmarks fuzz
.venv/bin/mypy

run_pytest() {
  set +e
  .venv/bin/python -m pytest -n "${PLANWATCH_TEST_WORKERS:-auto}" --dist loadfile "$@"
  local status=$?
  set -e
  # pytest exits 5 when it collected no tests: that is a failure, not a pass.
  if [ "$status" -eq 5 ]; then echo "no tests were collected" >&2; return 1; fi
  return "$status"
}

echo "== tests on SQLite"
run_pytest "$@"
if [ "${PLANWATCH_SKIP_POSTGRES:-}" != 1 ]; then
  echo "== tests on PostgreSQL"
  url=$(bash scripts/postgres.sh)
  PLANWATCH_TEST_BACKEND=postgresql PLANWATCH_TEST_POSTGRES_URL="$url" run_pytest "$@"
fi
