#!/usr/bin/env bash
# Omnirapeutic with its demo data on http://localhost:5000 (PORT overrides), served by a Release (ReadyToRun) build.
# Installs what is missing, starts a project-local PostgreSQL under .data/ unless
# ConnectionStrings__Omnirapeutic is given, applies the migrations and loads the demo data (idempotent).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

PORT="${PORT:-5000}"
port_in_use "$PORT" && die "port $PORT is already in use (is Omnirapeutic already running?). Set PORT to use another."

ensure_dotnet
command -v curl >/dev/null 2>&1 || apt_install curl
app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    log "stopping the app"
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  stop_postgres
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_postgres omnirapeutic
ensure_database omnirapeutic

# Published as the Dockerfile and load/run.sh do it, into .data/app (git-ignored), and again only when a source or
# build file is newer than the last publish.
app_dir="$ROOT/.data/app"
stamp="$app_dir/.published"
if [ ! -f "$stamp" ] || [ -n "$(find Omnirapeutic.Core Omnirapeutic.Web Directory.Build.props Directory.Packages.props global.json \
    \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit)" ]; then
  log "publishing (Release, ReadyToRun)"
  rm -f "$stamp"
  dotnet publish Omnirapeutic.Web/Omnirapeutic.Web.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$app_dir" -nologo -v quiet -clp:ErrorsOnly
  touch "$stamp"
else
  log "the Release build in .data/app is up to date"
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Database__MigrateOnStartup=true
export Seed__DemoData=true
# The published app itself (its folder is the content root), so $app_pid is the app's own process.
(cd "$app_dir" && exec dotnet Omnirapeutic.Web.dll --urls "http://localhost:$PORT") &
app_pid=$!

for _ in $(seq 1 120); do
  kill -0 "$app_pid" 2>/dev/null || die "the app stopped during startup (see the log above)"
  curl -sf "http://localhost:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

password="${Seed__DemoPassword:-Omni-Demo-2026!}"
cat <<INFO

  Omnirapeutic is running on http://localhost:$PORT   (Ctrl-C stops it)

  Demo sign-ins, password: $password
    Admins         admin@orga.example   admin@orgb.example   admin@orgc.example
    OrgA           bcba1@orga.example   bcba2@orga.example   rbt1@orga.example ... rbt4@orga.example
    OrgB           bcba1@orgb.example   rbt1@orgb.example
    OrgC           bcba1@orgc.example   rbt1@orgc.example

INFO
wait "$app_pid"
