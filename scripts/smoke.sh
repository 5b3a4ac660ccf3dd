#!/usr/bin/env bash
# Production smoke test: copkit under gunicorn with the production settings, against a fresh
# PostgreSQL database, exercised over HTTP with curl (health, sign-in, dashboard, static files,
# a survey submission, a synchronous and a background export, security headers, no link token
# in gunicorn's access log or the application's log).
#
# Two app servers (two gunicorn instances on two ports, as behind a load balancer) and one
# background worker share the database and the cache; requests alternate between the servers:
# signed in on one, the session goes on on the other; the member's answering pages alternate;
# an export queued on one is built by the worker and downloaded from the other; a community's
# name changed on one is shown by the other (docs/deploy.md, "Horizontal scaling").
#
#   SMOKE_ADMIN_URL=postgres://copkit@127.0.0.1:54329/postgres scripts/smoke.sh
#
# SMOKE_ADMIN_URL names a PostgreSQL server where the script may create (and afterwards drop) a
# database; scripts/test.sh passes its throwaway cluster. Prints PASS/FAIL per step with its
# time; exits non-zero when any step fails. gunicorn and the database never outlive the script.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
ADMIN_URL=${SMOKE_ADMIN_URL:-${DATABASE_URL:-}}
case "$ADMIN_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "!! smoke: SMOKE_ADMIN_URL must point at a PostgreSQL server (postgres://…)"; exit 2 ;;
esac

WORK=$(mktemp -d /tmp/copkit-smoke.XXXXXX)
DBNAME="copkit_smoke_$(date +%s)_$$"
DB_URL="${ADMIN_URL%/*}/$DBNAME"
free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
PORT_B=$(free_port)
while [ "$PORT_B" = "$PORT" ]; do PORT_B=$(free_port); done
BASE="http://127.0.0.1:$PORT"          # app server A
BASE_B="http://127.0.0.1:$PORT_B"      # app server B
# The public address: the load balancer's. Both servers receive it as Host, as behind one.
HOST="127.0.0.1:$PORT"
ORIGIN="https://$HOST"
GUNICORN_PID=""
GUNICORN_B_PID=""
WORKER_PID=""
FAILED=0

export DJANGO_SETTINGS_MODULE=copkit.settings.prod
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(60)[:60])')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_STATIC_ROOT=$WORK/static
export DJANGO_MEDIA_ROOT=$WORK/media
export DATABASE_URL=$DB_URL
# Waves showing over 4 answers are exported by the background worker (the XLSX step below: the
# 6 answers release 5, the threshold); the CSV export always stays synchronous.
export COPKIT_SYNC_EXPORT_MAX_RESPONSES=4
unset EMAIL_HOST DJANGO_DEBUG
SMOKE_PASSWORD="Smk-$($PY -c 'import secrets; print(secrets.token_urlsafe(24))')"
export SMOKE_PASSWORD

admin_sql() {  # run one statement on the server's maintenance database (autocommit)
  "$PY" - "$ADMIN_URL" "$1" <<'EOF'
import sys

import psycopg

with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    conn.execute(sys.argv[2])
EOF
}

stop() {  # stop PID: TERM, then KILL after 5 s
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
  fi
}
cleanup() {
  stop "$GUNICORN_PID" & stop "$GUNICORN_B_PID" & stop "$WORKER_PID" &
  wait
  admin_sql "DROP DATABASE IF EXISTS \"$DBNAME\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
report() {  # report STATUS NAME START [DETAIL]
  local took
  took=$(awk -v a="$3" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
  if [ "$1" = PASS ]; then
    printf 'PASS  %-50s %6ss\n' "$2" "$took"
  else
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-50s %6ss  %s\n' "$2" "$took" "${4:-}"
  fi
}
step() {  # step NAME COMMAND...: PASS when the command succeeds
  local name=$1 start
  shift
  start=$(now)
  if out=$("$@" 2>&1); then report PASS "$name" "$start"
  else report FAIL "$name" "$start" "$(printf '%s' "$out" | tail -n 5 | tr '\n' ' ' | cut -c1-300)"
  fi
}
check() {  # check NAME START CONDITION-COMMAND... [-- DETAIL]: report a condition
  local name=$1 start=$2
  shift 2
  if "$@" >/dev/null 2>&1; then report PASS "$name" "$start"; else report FAIL "$name" "$start" "${DETAIL:-}"; fi
}

# curl as a browser behind the TLS proxy: X-Forwarded-Proto says https (prod trusts it), so the
# Secure cookies, HSTS and the CSRF origin check behave as in production. ON=$BASE_B sends the
# request to server B (default: A), with the same Host, as the load balancer would.
JAR=$WORK/jar
http() {  # http JAR OUT METHOD PATH [curl args…] -> prints the status code; headers in OUT.h
  local jar=$1 out=$2 method=$3 path=$4
  shift 4
  curl -sS -o "$out" -D "$out.h" -w '%{http_code}' -X "$method" -b "$jar" -c "$jar" \
    -H "Host: $HOST" -H "X-Forwarded-Proto: https" -H "Origin: $ORIGIN" -H "Referer: $ORIGIN$path" \
    "$@" "${ON:-$BASE}$path"
  # The session and CSRF cookies are Secure: curl keeps them for https only. The proxy terminates
  # TLS, so this loopback client plays both parts: mark them sendable over plain HTTP.
  [ -f "$jar" ] && sed -i 's/^\(#HttpOnly_\)\{0,1\}\(127\.0\.0\.1\t[A-Z]*\t[^\t]*\t\)TRUE\t/\1\2FALSE\t/' "$jar"
}
header() { grep -i "^$1:" "$2.h" | tail -n1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }
location() { header Location "$1"; }
csrf() { grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$1" | head -n1 | sed 's/.*value="//; s/"$//'; }

# Fills a questionnaire page: the first option of every radio group and select, the confirm box,
# hidden fields as they are; prints the urlencoded body with the given extra fields.
formdata() {
  "$PY" - "$@" <<'EOF'
import sys
from html.parser import HTMLParser
from urllib.parse import urlencode


class Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self.current = []
            if "/i18n/" not in a.get("action", ""):  # not the language switcher
                self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input":
            kind, name = a.get("type", "text"), a.get("name")
            if not name:
                return
            if kind == "hidden":
                self.current.append((name, a.get("value", "")))
            elif kind == "radio" and all(n != name for n, _v in self.current):
                self.current.append((name, a.get("value", "")))
            elif kind == "checkbox" and name == "confirm":
                self.current.append((name, "on"))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and a.get("value"):
            self.current.append((self.select, a["value"]))
            self.select = None

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.current = None


parser = Form()
parser.feed(open(sys.argv[1], encoding="utf-8").read())
fields = parser.forms[-1]
extra = [tuple(arg.split("=", 1)) for arg in sys.argv[2:]]
print(urlencode(fields + extra))
EOF
}

# A form's fields as the page shows them (checked boxes, selected options, textareas), as a
# urlencoded body, with the given fields replaced: formvalues FILE ACTION-PATH name=value…
formvalues() {
  "$PY" - "$@" <<'EOF'
import sys
from html.parser import HTMLParser
from urllib.parse import urlencode


class Form(HTMLParser):
    def __init__(self, action):
        super().__init__()
        self.action, self.fields, self.inside, self.select, self.text = action, [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") in (self.action, "", None) and a.get("method") == "post"
        elif not self.inside or "disabled" in a:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio"):
                self.fields.append((a["name"], a.get("value") or ""))
            elif "checked" in a:
                self.fields.append((a["name"], a.get("value") or "on"))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.text = [a.get("name"), ""]

    def handle_data(self, data):
        if self.text:
            self.text[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.text:
            self.fields.append((self.text[0], self.text[1].lstrip("\n")))
            self.text = None


parser = Form(sys.argv[2])
parser.feed(open(sys.argv[1], encoding="utf-8").read())
extra = dict(arg.split("=", 1) for arg in sys.argv[3:])
fields = [(n, extra.pop(n) if n in extra else v) for n, v in parser.fields] + list(extra.items())
print(urlencode(fields))
EOF
}

echo "== smoke test: gunicorn + production settings + PostgreSQL (database $DBNAME, port $PORT)"
mkdir -p "$DJANGO_STATIC_ROOT" "$DJANGO_MEDIA_ROOT"
step "create a fresh database" admin_sql "CREATE DATABASE \"$DBNAME\""
# (with the HTTPS redirect on, as in a deployment without a redirecting proxy)
step "check --deploy" env DJANGO_SECURE_SSL_REDIRECT=true "$PY" manage.py check --deploy --fail-level WARNING
step "migrate" "$PY" manage.py migrate --noinput -v0
step "migrate made the shared cache's table" "$PY" manage.py shell -v0 -c "
from django.core.cache import cache
cache.set('smoke', 'ok'); assert cache.get('smoke') == 'ok'
from django.db import connection
assert 'copkit_cache' in connection.introspection.table_names()"
step "collectstatic" "$PY" manage.py collectstatic --noinput -v0
step "compilemessages" "$PY" manage.py compilemessages --ignore=.venv -v0
step "load_content" "$PY" manage.py load_content
start=$(now)
if SETUP=$("$PY" manage.py smoke_setup 2>"$WORK/setup.err" | tail -n1) && [ -n "$SETUP" ]; then
  report PASS "coordinator, community, open wave" "$start"
else
  report FAIL "coordinator, community, open wave" "$start" "$(tail -n3 "$WORK/setup.err")"
  exit 1
fi
field() { printf '%s' "$SETUP" | "$PY" -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }
SLUG=$(field slug); NAME=$(field name); WAVE=$(field wave); ANSWER=$(field answer_path)

# Two app servers (A: 2 workers, B: 1); the background worker starts once they answer, so it
# loads while the first steps run.
start=$(now)
GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=2 .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
  >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
GUNICORN_BIND=127.0.0.1:$PORT_B GUNICORN_WORKERS=1 .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
  >"$WORK/gunicorn-b.log" 2>&1 &
GUNICORN_B_PID=$!
up=""
for _ in $(seq 300); do
  if curl -s -o /dev/null "$BASE/health/" && curl -s -o /dev/null "$BASE_B/health/"; then up=1; break; fi
  kill -0 "$GUNICORN_PID" 2>/dev/null && kill -0 "$GUNICORN_B_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -n "$up" ]; then report PASS "two gunicorn servers up (A: $PORT, B: $PORT_B)" "$start"
else report FAIL "two gunicorn servers up (A: $PORT, B: $PORT_B)" "$start" \
  "$(tail -n3 "$WORK/gunicorn.log" "$WORK/gunicorn-b.log" | tr '\n' ' ')"; exit 1
fi
"$PY" manage.py db_worker --no-reload --no-startup-delay --interval 0.2 >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!

# 1. Health.
start=$(now)
code=$(http /dev/null "$WORK/health" GET /health/)
code_b=$(ON=$BASE_B http /dev/null "$WORK/health-b" GET /health/)
check "GET /health/ -> 200 ok (A and B)" "$start" \
  test "$code" = 200 -a "$code_b" = 200 -a "$(cat "$WORK/health")" = '{"status": "ok", "database": "ok"}' \
  -a "$(cat "$WORK/health-b")" = '{"status": "ok", "database": "ok"}'

# 2. Sign in, on A.
start=$(now)
code=$(http "$JAR" "$WORK/login" GET /en/accounts/login/)
token=$(csrf "$WORK/login")
code=$(http "$JAR" "$WORK/login-post" POST /en/accounts/login/ \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=smoke-coordinator" \
  --data-urlencode "password=$SMOKE_PASSWORD" --data-urlencode "next=")
DETAIL="status $code -> $(location "$WORK/login-post")" check "sign in -> 302 to the dashboard" "$start" \
  test "$code" = 302 -a "$(location "$WORK/login-post")" = /en/

# 3. Dashboard, on B: the session made by A goes on; the security headers on it.
start=$(now)
code=$(ON=$BASE_B http "$JAR" "$WORK/home" GET /en/)
DETAIL="status $code" check "signed in on A: B's dashboard names the community" "$start" \
  bash -c "test $code = 200 && grep -qF '$NAME' '$WORK/home'"
start=$(now)
missing=""
for want in "Content-Security-Policy: default-src 'self'" "X-Frame-Options: DENY" \
            "X-Content-Type-Options: nosniff" "Referrer-Policy: same-origin" \
            "Strict-Transport-Security: max-age=31536000"; do
  grep -qiF "$want" "$WORK/home.h" || missing="$missing [$want]"
done
DETAIL="missing$missing" check "security headers (CSP, XFO, nosniff, RP, HSTS)" "$start" test -z "$missing"

# 4. A static file: WhiteNoise, hashed name, far-future cache, compressed when asked.
start=$(now)
CSS=$("$PY" -c "import json, sys; print(json.load(open(sys.argv[1]))['paths']['css/copkit.css'])" \
  "$DJANGO_STATIC_ROOT/staticfiles.json" 2>/dev/null)
ok=""
if [ -n "$CSS" ] && [ "$CSS" != css/copkit.css ] && grep -qF "/static/$CSS" "$WORK/home"; then
  code=$(http /dev/null "$WORK/css" GET "/static/$CSS" -H "Accept-Encoding: br, gzip")
  cache=$(header Cache-Control "$WORK/css"); enc=$(header Content-Encoding "$WORK/css")
  code_gz=$(http /dev/null "$WORK/css-gz" GET "/static/$CSS" -H "Accept-Encoding: gzip")
  enc_gz=$(header Content-Encoding "$WORK/css-gz")
  if [ "$code" = 200 ] && [ "$code_gz" = 200 ] && [[ "$cache" == *max-age=315360000* ]] \
      && [[ "$cache" == *immutable* ]] && [ "$enc" = br ] && [ "$enc_gz" = gzip ]; then ok=1; fi
fi
DETAIL="$CSS: ${code:-} cache='${cache:-}' br='${enc:-}' gzip='${enc_gz:-}'" \
  check "static file: hashed, cached 10 years, br/gzip" "$start" test -n "$ok"

# 5. A member answers the public survey (anonymous, its own cookie jar).
start=$(now)
MJAR=$WORK/member-jar
code=$(http "$MJAR" "$WORK/start" GET "$ANSWER")
next=""
if [ "$code" = 200 ]; then
  code=$(http "$MJAR" "$WORK/start-post" POST "$ANSWER" --data "$(formdata "$WORK/start")")
  next=$(location "$WORK/start-post")
fi
pages=0
while [ -n "$next" ] && [[ "$next" != */done/ ]] && [ $pages -lt 30 ]; do
  pages=$((pages + 1))
  # Each page is read from one server and posted to the other (the draft is in a signed cookie).
  if [ $((pages % 2)) = 0 ]; then read_on=$BASE; post_on=$BASE_B; else read_on=$BASE_B; post_on=$BASE; fi
  code=$(ON=$read_on http "$MJAR" "$WORK/page" GET "$next")
  [ "$code" = 200 ] || break
  if grep -q 'name="_action" value="submit"' "$WORK/page"; then action=submit; else action=next; fi
  code=$(ON=$post_on http "$MJAR" "$WORK/page-post" POST "$next" --data "$(formdata "$WORK/page" "_action=$action")")
  [ "$code" = 302 ] || break
  next=$(location "$WORK/page-post")
done
done_ok=""
if [[ "$next" == */done/ ]]; then
  code=$(http "$MJAR" "$WORK/done" GET "$next")
  [ "$code" = 200 ] && grep -q "Your answers are recorded" "$WORK/done" && done_ok=1
fi
DETAIL="stopped at ${next:-start} (status $code, $pages pages)" \
  check "survey answered, pages alternating A/B -> thank-you" "$start" test -n "$done_ok"
echo "      ($pages questionnaire pages)"

# 6. Exports as the coordinator: CSV at once; XLSX (5 answers shown > 4) queued on A, built by
# the running background worker, followed and downloaded on B.
start=$(now)
code=$(http "$JAR" "$WORK/export.csv" GET "/en/survey/$SLUG/w/$WAVE/results.csv")
DETAIL="status $code, $(header Content-Type "$WORK/export.csv")" \
  check "CSV export (synchronous) -> 200 text/csv" "$start" bash -c \
  "test $code = 200 && grep -qi '^Content-Type: text/csv' '$WORK/export.csv.h' && test \$(wc -l < '$WORK/export.csv') -ge 7"
start=$(now)
# In Dutch: the worker makes the wave's files ahead only in the community's language (English),
# so this one is built for the request, through the queue, whatever the worker has done yet.
code=$(http "$JAR" "$WORK/xlsx" GET "/nl/survey/$SLUG/w/$WAVE/results.xlsx")
JOB=$(location "$WORK/xlsx"); JOB=${JOB%%\?*}
job_ok=""
if [ "$code" = 302 ] && [[ "$JOB" == /nl/exports/*/ ]]; then
  code=$(http "$JAR" "$WORK/job" GET "$JOB")
  [ "$code" = 200 ] && grep -q 'data-status-url=' "$WORK/job" && job_ok=1
fi
DETAIL="status $code -> ${JOB:-no redirect}" \
  check "XLSX export (large) on A -> queued, progress page" "$start" test -n "$job_ok"
start=$(now)
state=""
if [ -n "$job_ok" ]; then
  for _ in $(seq 300); do
    ON=$BASE_B http "$JAR" "$WORK/status" GET "${JOB}status.json" >/dev/null
    state=$("$PY" -c "import json, sys; print(json.load(open(sys.argv[1]))['status'])" "$WORK/status" 2>/dev/null)
    [ "$state" = done ] || [ "$state" = failed ] && break
    kill -0 "$WORKER_PID" 2>/dev/null || break
    sleep 0.2
  done
  code=$(ON=$BASE_B http "$JAR" "$WORK/export.xlsx" GET "${JOB}download/")
fi
DETAIL="job $state, download ${code:-}, $(header Content-Type "$WORK/export.xlsx" 2>/dev/null); worker: $(tail -n3 "$WORK/worker.log" | tr '\n' ' ')" \
  check "worker built it -> B downloads it (200, XLSX)" "$start" bash -c \
  "test '$state' = done && test '$code' = 200 && grep -qi '^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' '$WORK/export.xlsx.h' && head -c2 '$WORK/export.xlsx' | grep -q PK"

# 6b. A text changed on one server is shown by the other: the community's name, edited through
# the form read on A and posted to B, then on A's dashboard.
start=$(now)
NEW_NAME="Renamed on B $$"
code=$(http "$JAR" "$WORK/edit" GET "/en/communities/$SLUG/edit/")
if [ "$code" = 200 ]; then
  code=$(ON=$BASE_B http "$JAR" "$WORK/edit-post" POST "/en/communities/$SLUG/edit/" \
    --data "$(formvalues "$WORK/edit" "" "name=$NEW_NAME")")
fi
[ "$code" = 302 ] && http "$JAR" "$WORK/home-a" GET /en/ >/dev/null
DETAIL="edit form and post: status $code" check "name changed on B -> A's dashboard shows it" "$start" \
  bash -c "test $code = 302 && grep -qF '$NEW_NAME' '$WORK/home-a' && ! grep -qF '>$NAME<' '$WORK/home-a'"

# 7. No link token in any log line. A mistyped link (404, logged by django.request) and the
# answering pages above all carried the survey's token in their path.
start=$(now)
code=$(http /dev/null "$WORK/notfound" GET "${ANSWER}no-such-page/?next=${ANSWER}")
TOKEN=$(printf '%s' "$ANSWER" | sed 's#/$##; s#.*/##')
requests=$(grep -c '"GET /' "$WORK/gunicorn.log" || true)
requests_b=$(grep -cE '"(GET|POST) /' "$WORK/gunicorn-b.log" || true)
LOGS=("$WORK/gunicorn.log" "$WORK/gunicorn-b.log" "$WORK/worker.log")
leaks=$(cat "${LOGS[@]}" | grep -cF "$TOKEN" || true)
DETAIL="404 answered $code; $requests access lines on A, $requests_b on B; $leaks with the token: $(cat "${LOGS[@]}" | grep -F "$TOKEN" | head -n2 | tr '\n' ' ')" \
  check "logs (A, B, worker): requests, none with the token" "$start" bash -c \
  "test ${#TOKEN} -ge 16 && test $code = 404 && test $requests -ge 10 && test $requests_b -ge 10 && test $leaks = 0 && grep -q 'GET /en/survey/r/<token>/' '$WORK/gunicorn.log' && grep -q 'POST /en/survey/r/<token>/' '$WORK/gunicorn-b.log' && grep -q 'Not Found: /en/survey/' '$WORK/gunicorn.log'"

start=$(now)
errors=$(cat "${LOGS[@]}" | grep -cE '" 5[0-9][0-9] |Traceback|"level": "(ERROR|CRITICAL)"' || true)
DETAIL="$(cat "${LOGS[@]}" | grep -E '" 5[0-9][0-9] |Traceback|"level": "(ERROR|CRITICAL)"' | head -n3 | tr '\n' ' ')" \
  check "no server error in the logs of A, B and the worker" "$start" test "$errors" = 0

if [ "$FAILED" -gt 0 ]; then
  echo "== smoke test: $FAILED step(s) FAILED; the logs of A, B and the worker:"
  tail -n 30 "$WORK/gunicorn.log"; tail -n 20 "$WORK/gunicorn-b.log"; tail -n 10 "$WORK/worker.log"
  exit 1
fi
echo "== smoke test: all steps passed"
