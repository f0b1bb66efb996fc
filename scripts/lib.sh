# Shared by run.sh and test.sh: install what is missing and start the project-local PostgreSQL cluster.
# Source it; it defines functions and the settings the local cluster starts with.

log() { printf '\033[1;34m==>\033[0m [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand"
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required (https://dot.net)"
}

ensure_node() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
}

pg_bin() {
  # PostgreSQL's server binaries: on PATH, else Debian's versioned folder.
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

ensure_postgres_binaries() {
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    apt_install postgresql postgresql-contrib
  fi
  [ -x "$(pg_bin)/initdb" ] || die "PostgreSQL server binaries not found after install"
}

# Runs a PostgreSQL server command as the cluster owner: postgres when we are root (initdb refuses root).
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts .data/pg on OMNI_PG_PORT (default 54329) unless it is already up; sets OMNI_PG_STARTED=1 when this call started it.
# Exports ConnectionStrings__Omnirapeutic for the given database name unless one was given.
# SERIALIZABLE's predicate locks stay at row level: by default PostgreSQL promotes them to a whole page past 2 rows
# and to a whole table past 32 locks on one, and a coarse lock makes unrelated transactions abort each other
# (README, "PostgreSQL settings"). docker-compose.yml sets the same.
OMNI_PG_SETTINGS="-c max_pred_locks_per_transaction=256 -c max_pred_locks_per_page=32 -c max_pred_locks_per_relation=4096"

ensure_postgres() {
  local database="$1"
  OMNI_PG_STARTED=""
  if [ -n "${ConnectionStrings__Omnirapeutic:-}" ]; then
    log "using the given connection string (ConnectionStrings__Omnirapeutic)"
    return
  fi
  ensure_postgres_binaries
  local bin port data sock
  bin=$(pg_bin)
  port="${OMNI_PG_PORT:-54329}"
  data="$ROOT/.data/pg/data"
  sock="$ROOT/.data/pg"
  mkdir -p "$sock"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres:postgres "$sock"
    # postgres must be able to traverse the path to the cluster.
    local d="$sock"
    while [ "$d" != "/" ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
  fi
  chmod 700 "$sock"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initdb $data"
    pg_run "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on port $port"
  else
    log "starting PostgreSQL on 127.0.0.1:$port"
    pg_run "$bin/pg_ctl" -D "$data" -l "$sock/log.txt" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $sock -c max_connections=600 $OMNI_PG_SETTINGS" start >/dev/null \
      || { tail -n 20 "$sock/log.txt" >&2; die "PostgreSQL did not start"; }
    OMNI_PG_STARTED=1
  fi
  export OMNI_PG_PORT="$port"
  export OMNI_PG_ADMIN="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  ensure_roles "$OMNI_PG_ADMIN"
  export ConnectionStrings__Omnirapeutic="Host=127.0.0.1;Port=$port;Username=$OMNI_APP_ROLE;Database=$database;Maximum Pool Size=20"
  export ConnectionStrings__AuditPurge="Host=127.0.0.1;Port=$port;Username=$OMNI_PURGE_ROLE;Database=$database"
}

# The app's roles (deploy/roles.sql): it connects as OMNI_APP_ROLE, the owner of its database; the audit purge command
# as OMNI_PURGE_ROLE. The names are fixed: the audit table's trigger names the purge role.
OMNI_APP_ROLE=omnirapeutic
OMNI_PURGE_ROLE=omnirapeutic_purge

# ensure_roles ADMIN_CONNECTION: creates both roles on that server when they are missing.
ensure_roles() {
  psql_server "$1" -v ON_ERROR_STOP=1 -q -f "$ROOT/deploy/roles.sql" >/dev/null
}

# create_app_database ADMIN_CONNECTION NAME: a new database owned by the app's role.
create_app_database() {
  psql_server "$1" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $2 OWNER $OMNI_APP_ROLE" >/dev/null
}

stop_postgres() {
  [ -n "${OMNI_PG_STARTED:-}" ] || return 0
  log "stopping PostgreSQL"
  pg_run "$(pg_bin)/pg_ctl" -D "$ROOT/.data/pg/data" -m fast -w stop >/dev/null || true
}

# Creates the database named in ConnectionStrings__Omnirapeutic on the local cluster when it is missing, owned by the
# app's role; one an earlier version created as postgres is handed over to it (deploy/database-owner.sql).
ensure_database() {
  local database="$1"
  [ -n "${OMNI_PG_PORT:-}" ] || return 0
  if ! psql_server "$OMNI_PG_ADMIN" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    log "creating database $database (owner $OMNI_APP_ROLE)"
    create_app_database "$OMNI_PG_ADMIN" "$database"
    return
  fi
  psql_server "$OMNI_PG_ADMIN" -d "$database" -v ON_ERROR_STOP=1 -q -f "$ROOT/deploy/database-owner.sql" >/dev/null
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# libpq_env CONNECTION: exports PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE from an Npgsql connection string
# (Host, Port, Username, Password, Database keys), for psql, pg_dump and pg_restore.
libpq_env() {
  local key value pair
  export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD="" PGDATABASE=postgres
  IFS=';' read -ra pairs <<<"$1"
  for pair in "${pairs[@]}"; do
    key=$(printf '%s' "${pair%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
    value="${pair#*=}"
    case "$key" in
      host|server) PGHOST="$value" ;;
      port) PGPORT="$value" ;;
      username|userid|user) PGUSER="$value" ;;
      password) PGPASSWORD="$value" ;;
      database) PGDATABASE="$value" ;;
    esac
  done
}

# psql against the server of an Npgsql connection string, database postgres unless -d says otherwise.
psql_server() {
  local connection="$1"
  shift
  (libpq_env "$connection" && PGDATABASE=postgres && exec "$(pg_bin)/psql" "$@")
}

# Playwright records failure videos with its own ffmpeg build, which it would download; point it at Debian's.
ensure_playwright_ffmpeg() {
  command -v ffmpeg >/dev/null 2>&1 || apt_install ffmpeg
  local revision target
  revision=$(node -e "const b=require('$ROOT/e2e/node_modules/playwright-core/browsers.json').browsers.find(b=>b.name==='ffmpeg');console.log(b.revision)")
  target="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/ffmpeg-$revision/ffmpeg-linux"
  if [ ! -x "$target" ]; then
    mkdir -p "$(dirname "$target")"
    ln -sf "$(command -v ffmpeg)" "$target"
  fi
}
