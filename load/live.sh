#!/usr/bin/env bash
# The live-update benchmark (issue 17): N in-process subscribed pages through the real listener, fan-out and notifier,
# one balance changed at a steady rate. Release build, a fresh database with the demo data on the project-local
# PostgreSQL (or the server of ConnectionStrings__Omnirapeutic). LIVE_SUBSCRIBERS (default 1,10,50,200), LIVE_RATE
# (changes per second, default 20), LIVE_SECONDS (per row, default 10).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh

ensure_dotnet
ensure_postgres_binaries
given="${ConnectionStrings__Omnirapeutic:-}"
ensure_postgres postgres
server="${given:-$OMNI_PG_ADMIN}"
database="omni_live_$(date +%s)_$$"
cleanup() {
  psql_server "$server" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  stop_postgres
}
trap cleanup EXIT
if [ -n "$given" ]; then
  psql_server "$server" -qc "CREATE DATABASE $database" >/dev/null
else
  create_app_database "$server" "$database"
fi
log "building the benchmark (Release)"
dotnet build load/live -c Release -nologo -v quiet -clp:ErrorsOnly
# The benchmark's own database, never the given one's: replace its Database key, or add one.
# On the local cluster, as the app's own role (the owner of the database just created).
[ -n "$given" ] && client="$given" || client="$ConnectionStrings__Omnirapeutic"
case "$client" in
  *[Dd]atabase=*) bench="$(printf '%s' "$client" | sed -E "s/Database=[^;]*/Database=$database/I")" ;;
  *) bench="${client%;};Database=$database" ;;
esac
ConnectionStrings__Omnirapeutic="$bench" \
  dotnet load/live/bin/Release/net10.0/Omnirapeutic.LiveBench.dll
