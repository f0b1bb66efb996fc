#!/usr/bin/env bash
# Builds and runs every test suite: xunit (unit, integration on real PostgreSQL, web, bUnit), the Playwright
# end-to-end suite, a smoke of the load harness and the offline check of docker-compose.yml. Starts a project-local PostgreSQL under .data/ unless OMNI_TEST_PG
# (a connection string allowed to CREATE ROLE and CREATE DATABASE, on a server that lets the app's roles sign in) is given. Exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

command -v curl >/dev/null 2>&1 || apt_install curl
ensure_dotnet
ensure_node
[ -x /usr/bin/chromium ] || apt_install chromium

app_pid=""
e2e_database=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [ -n "$e2e_database" ]; then
    psql_server "$OMNI_TEST_PG" -qc "DROP DATABASE IF EXISTS $e2e_database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  stop_postgres
}
trap cleanup EXIT

# The app on a free port against a fresh database with the demo data; the Playwright suite against it.
run_e2e() {
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  ensure_playwright_ffmpeg
  e2e_database="omni_e2e_$(date +%s)_$$"
  local port
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  create_app_database "$OMNI_TEST_PG" "$e2e_database"
  # The app connects as its own role, as everywhere: the admin connection's server, that role, the new database.
  ConnectionStrings__Omnirapeutic="$(node -e "const [c,d,r]=process.argv.slice(1);console.log(c.split(';').filter(p=>p&&!/^\s*(database|username|user id|user|password)\s*=/i.test(p)).concat(['Username='+r,'Database='+d,'Maximum Pool Size=20']).join(';'))" "$OMNI_TEST_PG" "$e2e_database" "$OMNI_APP_ROLE")" \
    ASPNETCORE_ENVIRONMENT=Development Database__MigrateOnStartup=true Seed__DemoData=true \
    RateLimiting__Login__PermitLimit=1000 Logging__LogLevel__Default=Warning \
    SignIn__Throttle__FreeFailures=5 SignIn__Throttle__LockoutAfter=5 \
    dotnet run --no-build --no-launch-profile --project Omnirapeutic.Web --urls "http://127.0.0.1:$port" >"$ROOT/e2e/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$ROOT/e2e/app.log" >&2; die "the app did not start for the e2e suite"; }
    sleep 0.5
  done
  (cd e2e && BASE_URL="http://127.0.0.1:$port" npx --no-install playwright test)
  kill -TERM "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

if [ -z "${OMNI_TEST_PG:-}" ]; then
  unset ConnectionStrings__Omnirapeutic
  ensure_postgres postgres
  export OMNI_TEST_PG="$OMNI_PG_ADMIN"
  # The app's connection strings for that database are no one's here: the suites below make their own databases.
  unset ConnectionStrings__Omnirapeutic ConnectionStrings__AuditPurge
  # Lets the listener test restart this cluster for real (it runs alone, after the parallel tests).
  export OMNI_TEST_PG_DATA="$ROOT/.data/pg/data"
fi
# The settings check's test starts a scratch cluster with PostgreSQL's defaults, whatever server the rest use.
ensure_postgres_binaries
export OMNI_TEST_PG_BIN="$(pg_bin)"

# The app's roles on the test server (the tests connect as them; the fixture would create them too).
ensure_roles "$OMNI_TEST_PG"

log "npm packages (root tools)"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

log "docker-compose.yml (dclint)"
npx --no-install dclint docker-compose.yml

log "building"
dotnet build Omnirapeutic.sln -nologo -v quiet -clp:ErrorsOnly

log "xunit"
dotnet test Omnirapeutic.sln --no-build -nologo

log "e2e (Playwright in Chromium)"
run_e2e

log "load smoke (every scenario for 4 s on two nodes; fails on any 5xx, integrity violation or booking refusal without a rule)"
load/run.sh smoke

log "live-update benchmark smoke (2 and 20 subscribers for 2 s; fails when a page misses a change)"
LIVE_SUBSCRIBERS=2,20 LIVE_SECONDS=2 load/live.sh

log "all tests passed"
