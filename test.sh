#!/usr/bin/env bash
# Builds and runs every test suite: xunit (unit, integration on real PostgreSQL, web, bUnit) and the
# offline check of docker-compose.yml. Starts a project-local PostgreSQL under .data/ unless OMNI_TEST_PG
# (a connection string allowed to CREATE DATABASE) is given. Exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

ensure_dotnet
ensure_node
trap stop_postgres EXIT

if [ -z "${OMNI_TEST_PG:-}" ]; then
  unset ConnectionStrings__Omnirapeutic
  ensure_postgres postgres
  export OMNI_TEST_PG="$ConnectionStrings__Omnirapeutic"
  # Lets the listener test restart this cluster for real (it runs alone, after the parallel tests).
  export OMNI_TEST_PG_DATA="$ROOT/.data/pg/data" OMNI_TEST_PG_BIN="$(pg_bin)"
fi

log "npm packages (root tools)"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

log "docker-compose.yml (dclint)"
npx --no-install dclint docker-compose.yml

log "building"
dotnet build Omnirapeutic.sln -nologo -v quiet -clp:ErrorsOnly

log "xunit"
dotnet test Omnirapeutic.sln --no-build -nologo

log "all tests passed"
