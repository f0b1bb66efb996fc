#!/usr/bin/env bash
# The load campaign: builds the app in Release, starts it (LOAD_NODES=N: N nodes, default 1) against a fresh database
# with the demo data and rate limits off, measures the database's own SERIALIZABLE limit with pgbench, runs the
# scenarios with autocannon, checks integrity, stops what it started and writes load/reports/<UTC timestamp>.md.
#   load/run.sh            every scenario, 30 s each (LOAD_SECONDS overrides), contention 60 s as the seed ran it
#                          (LOAD_CONTENTION_SECONDS overrides)
#   load/run.sh smoke      every scenario for 4 s on 2 nodes (LOAD_NODES overrides), as ./test.sh runs it; fails on any
#                          5xx, integrity violation or booking refusal that names no rule
#   load/run.sh faults     the throughput scenario with PostgreSQL restarted (pg_ctl restart -m fast) 5 s in,
#                          then again with it stopped for 3 s: only 503 while it is away, service within 5 s after;
#                          then with a connection pool far too small for the load: 503 quickly, never a hang
#   load/run.sh soak       the mixed scenario for 10 minutes (LOAD_SECONDS overrides), with latency and the app's
#                          memory per minute
# The faults mode always runs one node (it restarts the app and the database under it).
# LOAD_INTERVAL=N adds a table of latency and memory per N seconds to every scenario; LOAD_SCENARIOS=a,b runs only those;
# LOAD_WARMUP=N (default 20, 0 in the smoke) warms each node up for N s before anything is measured (N x the nodes in
# all: the warm-up's requests are spread over the nodes, and each node's JIT needs as many calls to finish tiering);
# LOAD_RUNS=N repeats the full campaign N times and writes the medians (load/medians.mjs). LOAD_EXTRA_NODE_GC=workstation starts nodes 2..N
# with the workstation GC (DOTNET_gcServer=0), so several .NET processes on few cores can be compared with server GC.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh

mode="${1:-full}"
case "$mode" in
  full) seconds="${LOAD_SECONDS:-30}" interval="${LOAD_INTERVAL:-}" warmup="${LOAD_WARMUP:-20}" contention=60 nodes="${LOAD_NODES:-1}" ;;
  faults) seconds="${LOAD_SECONDS:-30}" interval="${LOAD_INTERVAL:-}" warmup="${LOAD_WARMUP:-20}" contention=60 nodes=1 ;;
  smoke) seconds=4 interval="" warmup=0 contention=4 nodes="${LOAD_NODES:-2}" ;;
  soak) seconds="${LOAD_SECONDS:-600}" interval="${LOAD_INTERVAL:-60}" warmup="${LOAD_WARMUP:-20}" contention=60 nodes="${LOAD_NODES:-1}" ;;
  *) die "usage: load/run.sh [full|smoke|faults|soak]" ;;
esac
[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "LOAD_NODES must be a whole number of nodes, 1 or more"
[[ "$warmup" =~ ^[0-9]+$ ]] || die "LOAD_WARMUP must be a whole number of seconds"
warmup=$((warmup * nodes))
case "${LOAD_EXTRA_NODE_GC:-}" in
  "") extra_gc=() ;;
  workstation) extra_gc=(DOTNET_gcServer=0) ;;
  *) die "LOAD_EXTRA_NODE_GC is workstation or unset" ;;
esac

# LOAD_RUNS=N repeats the whole campaign N times, each on a fresh database, and writes the medians of its figures.
if [ "${LOAD_RUNS:-1}" -gt 1 ] && [ "$mode" = full ]; then
  failures=0 reports=()
  for run in $(seq 1 "$LOAD_RUNS"); do
    log "run $run of $LOAD_RUNS"
    LOAD_RUNS=1 "$0" full || failures=$((failures + 1))
    reports+=("$(ls -t load/reports/*.json | head -n 1)")
  done
  medians="load/reports/$(date -u +%Y%m%dT%H%M%SZ)-medians.md"
  node load/medians.mjs "${reports[@]}" | tee "$medians"
  log "medians: $medians ($failures of $LOAD_RUNS runs failed)"
  exit $((failures > 0))
fi

ensure_dotnet
ensure_node
command -v curl >/dev/null 2>&1 || apt_install curl
command -v pgbench >/dev/null 2>&1 || [ -x "$(pg_bin)/pgbench" ] || apt_install postgresql-contrib

node_pids=()
database="omni_load_$(date +%s)_$$"
cleanup() {
  stop_nodes
  psql_server "$admin" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  stop_postgres
}
trap cleanup EXIT

unset ConnectionStrings__Omnirapeutic
ensure_postgres postgres
admin="$OMNI_PG_ADMIN"
# The nodes connect as the app's own role, which owns the load database (pgbench's baseline runs as postgres).
connection="${ConnectionStrings__Omnirapeutic/Database=postgres/Database=$database}"
create_app_database "$admin" "$database"

log "publishing (Release, ReadyToRun, as the Dockerfile does)"
dotnet publish Omnirapeutic.Web/Omnirapeutic.Web.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$ROOT/load/.app" -nologo -v quiet -clp:ErrorsOnly
(cd load && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# One free port per node, all held open until each is known so no two are the same.
read -ra ports <<<"$(node -e "const n=+process.argv[1],net=require('net'),s=[];for(let i=0;i<n;i++)s.push(net.createServer().listen(0,'127.0.0.1'));
Promise.all(s.map(x=>new Promise(r=>x.on('listening',r)))).then(()=>{console.log(s.map(x=>x.address().port).join(' '));s.forEach(x=>x.close())})" "$nodes")"
urls=()
for port in "${ports[@]}"; do urls+=("http://127.0.0.1:$port"); done
# start_node N [extra environment...]: the published app itself (not `dotnet run`), so its pid is the app's own process;
# its log lines go to load/app.log marked with the node's number.
start_node() {
  local n="$1" pid
  shift
  (cd load/.app && exec env ConnectionStrings__Omnirapeutic="$connection" ASPNETCORE_ENVIRONMENT=Development Database__MigrateOnStartup=true \
    Seed__DemoData=true RateLimiting__Enabled=false Logging__LogLevel__Default=Warning "$@" \
    dotnet Omnirapeutic.Web.dll --urls "${urls[$((n - 1))]}") > >(exec sed -u "s/^/[node $n] /" >>"$ROOT/load/app.log") 2>&1 &
  pid=$!
  node_pids+=("$pid")
  for _ in $(seq 1 120); do
    curl -sf "${urls[$((n - 1))]}/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { sleep 0.5; tail -n 30 "$ROOT/load/app.log" >&2; die "node $n did not start"; }
    sleep 0.5
  done
  die "node $n did not answer /health/ready within 60 s"
}
# The first node applies the migrations and loads the demo data; the others start once it is ready, so none races it.
start_nodes() {
  log "starting $nodes node(s) on ${urls[*]}"
  start_node 1
  for n in $(seq 2 "$nodes"); do start_node "$n" "${extra_gc[@]}"; done
  node_pids_list="$(IFS=,; echo "${node_pids[*]}")"
}
stop_nodes() {
  local pid
  for pid in "${node_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  node_pids=()
}
: >"$ROOT/load/app.log"
start_nodes
bases="$(IFS=,; echo "${urls[*]}")"

# The database's own limit: the reserve's SQL through pgbench, on one hot row and spread over every authorization
# without limits (the seed scenarios' authorizations; the limited ones are the limits scenario's).
unlimited="limit_per_day IS NULL AND limit_per_week IS NULL AND limit_per_month IS NULL"
pgbench_tps() {
  local query="$1" output targets
  psql_server "$admin" -d "$database" -q >/dev/null <<SQL
SET client_min_messages TO warning;
DROP TABLE IF EXISTS load_targets;
CREATE TABLE load_targets AS SELECT row_number() OVER (ORDER BY id) AS n, id, organization_id FROM authorizations WHERE $query;
CREATE UNIQUE INDEX ON load_targets (n);
SQL
  targets=$(psql_server "$admin" -d "$database" -tAc "SELECT count(*) FROM load_targets")
  output=$(PGPASSWORD="" "$(pg_bin)/pgbench" -h 127.0.0.1 -p "$OMNI_PG_PORT" -U postgres -n -c 50 -j 2 -T "$bench_seconds" --max-tries=10 \
    -D targets="$targets" -f load/pgbench-reserve.sql "$database" 2>&1)
  echo "$output" | sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -n 1
}
log "find a slot on the demo data (target: under 200 ms)"
suggestions="$(node load/suggestions.mjs --base "${urls[0]}" --requests "$([ "$mode" = smoke ] && echo 20 || echo 200)")"
echo "$suggestions"

log "pgbench baseline"
bench_seconds=$((seconds < 30 ? seconds : 30))
psql_server "$admin" -d "$database" -qc "UPDATE authorizations SET total_units = total_units + 100000; INSERT INTO unit_ledger_entries (organization_id, authorization_id, kind, units, total_delta, service_date, occurred_at) SELECT organization_id, id, 'Adjust', 100000, 100000, current_date, now() FROM authorizations" >/dev/null
hot_tps=$(pgbench_tps "id = (SELECT id FROM authorizations WHERE auth_number LIKE 'ORGA-97153-%' AND $unlimited ORDER BY auth_number LIMIT 1)")
spread_tps=$(pgbench_tps "$unlimited")
psql_server "$admin" -d "$database" -q >/dev/null <<'SQL'
DROP TABLE load_targets;
-- Undo the baseline's rows so the app starts from the demo data's balances.
DELETE FROM unit_ledger_entries WHERE actor_user_id IS NULL;
DELETE FROM unit_periods;
UPDATE authorizations SET total_units = total_units - 100000, scheduled_units = 0, version = version + 1;
ANALYZE;
SQL
log "pgbench: hot ${hot_tps} tps, spread ${spread_tps} tps"

# sql_command ARGS...: a quoted psql command line on the load database, for the harness to run.
sql_command() { printf '%q ' "$(pg_bin)/psql" -h 127.0.0.1 -p "$OMNI_PG_PORT" -U postgres -d "$database" "$@"; }
# What the harness compares its 2xx answers with: the ledger entries they must each have written.
# LOAD_LIVE=N: the live-update benchmark (load/live) runs beside the harness with N pages, its changes made as this
# user, whose ledger entries the harness's count leaves out.
live_actor="bcba1@orga.example"
ledger="$(sql_command -tAc "SELECT count(*) FROM unit_ledger_entries WHERE kind IN ('Reserve', 'Release', 'Consume') AND actor_user_id IS DISTINCT FROM (SELECT id FROM users WHERE email = '$live_actor')")"

mkdir -p load/reports
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="load/reports/$stamp.md"
status=0
baseline="{\"hot\": ${hot_tps:-0}, \"throughput\": ${spread_tps:-0}}"
if [ "$mode" = faults ]; then
  pg_run "$(pg_bin)/pg_ctl" -D "$ROOT/.data/pg/data" status >/dev/null 2>&1 \
    || die "the faults run restarts this checkout's cluster (.data/pg), but another one serves port $OMNI_PG_PORT"
  ctl="$(printf '%q ' "$(pg_bin)/pg_ctl" -D "$ROOT/.data/pg/data" -m fast -w)"
  [ "$(id -u)" -eq 0 ] && ctl="runuser -u postgres -- $ctl"
  # A restart as an operator does it, then an outage of 3 s: 503 problem details meanwhile, service within 5 s after.
  node load/harness.mjs --base "$bases" --seconds "$seconds" --ledger-command "$ledger" --report "load/reports/$stamp-restart.md" --scenarios throughput \
    --warmup "$warmup" --baseline "$baseline" --fault-command "$ctl restart" --fault-after 5 || status=$?
  node load/harness.mjs --base "$bases" --seconds "$seconds" --ledger-command "$ledger" --report "load/reports/$stamp-outage.md" --scenarios throughput \
    --fault-command "$ctl stop && sleep 3 && $ctl restart" --fault-after 5 || status=$?
  # One connection per pool, waiting at most 1 s for it, under 200 connections. Batched writes need one connection
  # per organization, so that alone is enough; then a session locks the authorizations table for 3 s (as a careless
  # migration would), the one connection is held, and every request that finds no connection free within 1 s must
  # get 503 problem details at once (no retries that would wait again), never hang, and be served again after.
  stop_nodes
  connection="$connection;Maximum Pool Size=1;Timeout=1"
  start_nodes
  lock="$(sql_command -qc 'BEGIN; LOCK TABLE authorizations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT')"
  node load/harness.mjs --base "$bases" --seconds "$seconds" --ledger-command "$ledger" --report "load/reports/$stamp-pool.md" --scenarios throughput,reads --warmup "$warmup" \
    --pid "$node_pids_list" --fault-command "$lock" --fault-after 3 --slowest 5000 || status=$?
  report="load/reports/$stamp-pool.md"
else
  scenarios="${LOAD_SCENARIOS:-contention,throughput,mixed,hot,booking,mixed-booking,limits}"
  [ "$mode" = soak ] && scenarios=mixed
  live_pid=""
  if [ -n "${LOAD_LIVE:-}" ]; then
    [[ "$LOAD_LIVE" =~ ^[1-9][0-9]*$ ]] || die "LOAD_LIVE is a number of pages"
    [ "$scenarios" = mixed ] || die "LOAD_LIVE times its rows to fall inside one scenario: run it with LOAD_SCENARIOS=mixed"
    [ "$seconds" -ge 8 ] || die "LOAD_LIVE needs LOAD_SECONDS of 8 or more (its rows last half the scenario)"
    log "building the live-update benchmark (Release) to run beside the harness with $LOAD_LIVE pages"
    dotnet build load/live -c Release -nologo -v quiet -clp:ErrorsOnly
    # Its rows start a quarter into the scenario (after the warm-up) and last half of it.
    ConnectionStrings__Omnirapeutic="$connection" LIVE_SUBSCRIBERS="$LOAD_LIVE" LIVE_SECONDS=$((seconds / 2)) \
      LIVE_DELAY=$((warmup + seconds / 4)) LIVE_ACTOR="$live_actor" \
      dotnet load/live/bin/Release/net10.0/Omnirapeutic.LiveBench.dll >"load/reports/$stamp-live.txt" 2>&1 &
    live_pid=$!
  fi
  node load/harness.mjs --base "$bases" --seconds "$seconds" --ledger-command "$ledger" --report "$report" --baseline "$baseline" --scenarios "$scenarios" --warmup "$warmup" \
    --contention-seconds "${LOAD_CONTENTION_SECONDS:-$contention}" \
    --pid "$node_pids_list" ${interval:+--interval "$interval"} || status=$?
  if [ -n "$live_pid" ]; then
    wait "$live_pid" || status=1
    { printf '\n## Live updates beside the harness\n\n```\n'; cat "load/reports/$stamp-live.txt"; printf '```\n'; } >>"$report"
    cat "load/reports/$stamp-live.txt"
  fi
fi

# The seed report's own overbooking query, straight from the database.
printf '\n## Find a slot on the demo data\n\n%s\n' "$suggestions" >>"$report"
overbooked=$(psql_server "$admin" -d "$database" -tAc "SELECT count(*) FROM authorizations WHERE used_units + scheduled_units > total_units")
printf '\nSeed integrity query (used + scheduled > total): %s rows.\n' "$overbooked" >>"$report"
log "report: $report (seed integrity query: $overbooked rows)"
[ "$overbooked" = 0 ] || status=1
exit "$status"
