#!/usr/bin/env bash
# The whole test suite: lint, migrations check, then pytest on SQLite and on a throwaway
# PostgreSQL 15 cluster. Installs what the tests need (Debian's Chromium, PostgreSQL) when missing
# and when run as root. In CI (CI=true) nothing may be skipped: a missing piece is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# grep without -q reads all of fc-list's output: an early exit would fail the pipeline (SIGPIPE)
fc-list : family 2>/dev/null | grep -i dejavu >/dev/null || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${need[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "!! missing system packages: ${need[*]} (sudo apt-get install ${need[*]})"
  fi
fi

# LibreOffice, for tests/core/test_office_suite.py (a real office suite opens our files): about
# 40 s to install, so it goes on in the background while ruff and the first tests run. The test
# waits for the done-marker (COPKIT_LIBREOFFICE_DONE), and fails in CI without soffice.
LIBREOFFICE=(libreoffice-calc-nogui libreoffice-writer-nogui)
if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    COPKIT_LIBREOFFICE_DONE=$(mktemp -u /tmp/copkit-libreoffice.XXXXXX)
    export COPKIT_LIBREOFFICE_DONE
    echo "== installing ${LIBREOFFICE[*]} in the background (log: $COPKIT_LIBREOFFICE_DONE.log)"
    (
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
          "${LIBREOFFICE[@]}"; } >"$COPKIT_LIBREOFFICE_DONE.log" 2>&1 \
        || echo "!! installing LibreOffice failed: see $COPKIT_LIBREOFFICE_DONE.log"
      touch "$COPKIT_LIBREOFFICE_DONE"
    ) &
  else
    echo "!! LibreOffice missing (sudo apt-get install ${LIBREOFFICE[*]}): its test is skipped"
  fi
fi

echo "== ruff"
.venv/bin/ruff check .
echo "== migrations are committed"
DJANGO_SETTINGS_MODULE=copkit.settings.test $PY manage.py makemigrations --check --dry-run >/dev/null
echo "== translations compiled"
$PY manage.py compilemessages --ignore=.venv -v0

LOGS=$(mktemp -d /tmp/copkit-test-logs.XXXXXX)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$PGBIN" ]; then
  if [ "${CI:-}" = "true" ]; then echo "!! PostgreSQL is required in CI"; exit 1; fi
  echo "== pytest on SQLite"
  env -u DATABASE_URL $PY -m pytest "$@"
  echo "!! PostgreSQL not installed: the PostgreSQL run is skipped"; exit 0
fi
PGDIR=$(mktemp -d /tmp/copkit-pg.XXXXXX)
PGPORT=${COPKIT_PG_PORT:-54329}
RUNAS=()
if [ "$(id -u)" = 0 ]; then  # the server refuses to run as root
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$PGDIR"
  RUNAS=(runuser -u postgres --)
fi
SQLITE_PID=""
SMOKE_PID=""
cleanup() {
  [ -n "$SQLITE_PID" ] && kill "$SQLITE_PID" 2>/dev/null
  [ -n "$SMOKE_PID" ] && kill "$SMOKE_PID" 2>/dev/null && wait "$SMOKE_PID" 2>/dev/null
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  cp "$PGDIR/log" "$LOGS/postgresql-server.log" 2>/dev/null || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U copkit -A trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# No autovacuum: the tests truncate and roll back all the time, and statistics sampled in those
# passing states (tables seen empty while a test fills them) made plans, and one test's time, random.
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off \
     -c log_min_duration_statement=20000 -c log_lock_waits=on -c autovacuum=off" start >/dev/null
PG_URL="postgres://copkit@127.0.0.1:$PGPORT/postgres"
PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')

# The production smoke test (gunicorn, production settings, its own database on the cluster)
# runs beside pytest: it mostly waits on its servers and the worker. Its log comes at the end.
echo "== smoke test: gunicorn with the production settings on PostgreSQL (in the background)"
SMOKE_ADMIN_URL="$PG_URL" scripts/smoke.sh >"$LOGS/smoke.log" 2>&1 &
SMOKE_PID=$!
smoke_result() {
  local rc=0
  wait "$SMOKE_PID" || rc=$?
  SMOKE_PID=""
  echo "== smoke test (exit $rc)"; cat "$LOGS/smoke.log"
  return "$rc"
}

# The two databases run side by side: each pytest is mostly one busy core, the machine has two.
# COPKIT_TEST_SERIAL=1 runs them one after the other (live output, easier to read).
# Tests that cannot touch the database, and those marked `once`, run on SQLite only: the
# PostgreSQL run (the slower one) deselects them and says how many; those marked `slow` (the
# concurrency races) run on PostgreSQL only (tests/conftest.py).
export COPKIT_BOTH_DATABASES=1
# Each run keeps its own pytest cache (--lf, --ff afterwards), so the two never write the same file.
# The SQLite run is split over pytest-xdist workers, a test file per worker at a time (module
# fixtures stay shared): the PostgreSQL run waits on its server and the browser tests on
# Chromium, so two cores carry three runs. COPKIT_SQLITE_WORKERS=0 runs it in one process.
SQLITE_WORKERS=${COPKIT_SQLITE_WORKERS:-2}
SQLITE_ARGS=(-o cache_dir=.pytest_cache/sqlite --durations=15)
if [ "$SQLITE_WORKERS" != 0 ]; then SQLITE_ARGS+=(-n "$SQLITE_WORKERS" --dist loadfile); fi
PG_ARGS=(-o cache_dir=.pytest_cache/postgresql --durations=15)
if [ "${COPKIT_TEST_SERIAL:-}" = "1" ]; then
  echo "== pytest on SQLite"
  env -u DATABASE_URL $PY -m pytest "${SQLITE_ARGS[@]}" "$@"
  echo "== pytest on PostgreSQL $PG_VERSION"
  DATABASE_URL="$PG_URL" $PY -m pytest "${PG_ARGS[@]}" "$@"
  smoke_result
else
  echo "== pytest on SQLite and on PostgreSQL $PG_VERSION, side by side (logs printed when both end)"
  started=$(date +%s)
  env -u DATABASE_URL $PY -m pytest "${SQLITE_ARGS[@]}" "$@" >"$LOGS/sqlite.log" 2>&1 &
  SQLITE_PID=$!
  pg_rc=0
  DATABASE_URL="$PG_URL" $PY -m pytest "${PG_ARGS[@]}" "$@" >"$LOGS/postgresql.log" 2>&1 || pg_rc=$?
  sqlite_rc=0
  wait "$SQLITE_PID" || sqlite_rc=$?
  SQLITE_PID=""
  echo "== pytest on SQLite (exit $sqlite_rc)"; cat "$LOGS/sqlite.log"
  echo "== pytest on PostgreSQL $PG_VERSION (exit $pg_rc)"; cat "$LOGS/postgresql.log"
  echo "== both runs took $(( $(date +%s) - started )) s"
  # Statements over 20 s and lock waits over 1 s on the server (the whole log stays in $LOGS)
  echo "== PostgreSQL server: $(grep -c 'duration: ' "$PGDIR/log" || true) slow statements, \
$(grep -c 'still waiting' "$PGDIR/log" || true) lock waits (log: $LOGS/postgresql-server.log)"
  grep -E 'duration: ' "$PGDIR/log" | cut -c1-400 | tail -n 10 || true
  smoke_rc=0
  smoke_result || smoke_rc=$?
  if [ "$sqlite_rc" != 0 ] || [ "$pg_rc" != 0 ] || [ "$smoke_rc" != 0 ]; then exit 1; fi
fi
