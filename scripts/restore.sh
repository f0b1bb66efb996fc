#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh into a database, then runs the app's integrity check against it.
#
#   scripts/restore.sh FILE DATABASE             # into a new database; refuses one that exists
#   scripts/restore.sh FILE DATABASE --replace   # swaps the restored copy in for an existing one
#
# The backup is restored into a new database first (owned by the app's role, objects created as it), checked, and only
# then given DATABASE's name: a failed restore or check leaves DATABASE as it was. With --replace the existing database
# is disconnected and kept as DATABASE_before_restore_<time> for you to drop. Connects with OMNI_PG_ADMIN (an Npgsql
# connection string of a role that may create databases and act as the app's role); without one, the local cluster.
# The restored copy is brought to this version with the app's `migrate` command (a backup of an older version's
# database), then checked with its `integrity` command: OMNI_APP_DLL, else run.sh's Release build in .data/app, else
# `dotnet run`; they connect as the app's role (password OMNI_DB_PASSWORD, if the server asks for one). The app's
# roles are created on the server when missing (deploy/roles.sql): a dump holds no roles.
# Exit codes: 0 restored and clean, 1 failed (nothing replaced), 2 refused (bad arguments, or DATABASE exists).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

refuse() { printf '\033[1;31mrefused:\033[0m %s\n' "$*" >&2; exit 2; }
# Anything that fails unexpectedly is exit 1, with the line that failed (refusals exit 2 themselves).
set -E
trap 'printf "\033[1;31merror:\033[0m restore stopped at line %s (exit %s); %s is unchanged\n" "$LINENO" "$?" "${target:-the database}" >&2; exit 1' ERR

file="${1:-}"
target="${2:-}"
replace="${3:-}"
[ -n "$file" ] && [ -n "$target" ] || refuse "usage: scripts/restore.sh FILE DATABASE [--replace]"
[ -z "$replace" ] || [ "$replace" = "--replace" ] || refuse "unknown option '$replace' (the only one is --replace)"
[ -f "$file" ] || refuse "no backup file at $file"
[[ "$target" =~ ^[a-z_][a-z0-9_]{0,32}$ ]] || refuse "'$target' is not a database name this script creates (lower case letters, digits and _, at most 33: it gets a suffix while restoring)"
case "$target" in postgres|template0|template1) refuse "$target is one of PostgreSQL's own databases" ;; esac

ensure_postgres_binaries
"$(pg_bin)/pg_restore" --list "$file" >/dev/null 2>&1 \
  || refuse "$file is not a pg_dump custom-format archive this pg_restore ($("$(pg_bin)/pg_restore" --version)) can read"
if [ -z "${OMNI_PG_ADMIN:-}" ]; then
  unset ConnectionStrings__Omnirapeutic
  ensure_postgres omnirapeutic
fi
admin="$OMNI_PG_ADMIN"
# The roles are the server's, not the backup's: a new server gets them here (their passwords: deploy/roles.sql).
ensure_roles "$admin"

# Stops (exit 1) when the server cannot be asked, rather than answering "no".
exists() {
  local found
  found=$(psql_server "$admin" -v ON_ERROR_STOP=1 -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'") \
    || die "could not ask the server whether $1 exists (above)"
  [ "$found" = "1" ]
}
if exists "$target" && [ -z "$replace" ]; then
  refuse "database $target exists and restore does not overwrite it: name a new database, or pass --replace to swap the restored copy in (the current one is kept)"
fi

stamp=$(date -u +%Y%m%d%H%M%S)
staging="${target}_restoring_$stamp"
log "restoring $file into $staging"
create_app_database "$admin" "$staging"
if ! (libpq_env "$admin" && "$(pg_bin)/pg_restore" --no-owner --role="$OMNI_APP_ROLE" --exit-on-error --single-transaction \
    --dbname="$staging" "$file"); then
  psql_server "$admin" -qc "DROP DATABASE IF EXISTS $staging WITH (FORCE)" >/dev/null
  die "pg_restore failed; $target is unchanged"
fi

# The app's own connection to the restored copy: the admin connection's server, the app's role.
libpq_env "$admin"
app_connection="Host=$PGHOST;Port=$PGPORT;Username=$OMNI_APP_ROLE;Database=$staging"
[ -z "${OMNI_DB_PASSWORD:-}" ] || app_connection="$app_connection;Password=$OMNI_DB_PASSWORD"
if [ -n "${OMNI_APP_DLL:-}" ]; then app=(dotnet "$OMNI_APP_DLL")
elif [ -f "$ROOT/.data/app/Omnirapeutic.Web.dll" ]; then app=(dotnet "$ROOT/.data/app/Omnirapeutic.Web.dll")
else ensure_dotnet; app=(dotnet run --project "$ROOT/Omnirapeutic.Web" -c Release --no-launch-profile --)
fi
run_app() { ConnectionStrings__Omnirapeutic="$app_connection" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning "${app[@]}" "$@"; }
# A backup an older version made gets this version's migrations first, as that version's database would.
log "migrating $staging to this version"
run_app migrate >/dev/null || die "migrating the restored copy failed (above); it is kept as $staging and $target is unchanged"
log "integrity check of $staging"
run_app integrity || die "the restored copy fails the integrity check (above); it is kept as $staging for inspection and $target is unchanged"

if exists "$target"; then
  [ -n "$replace" ] || { psql_server "$admin" -qc "DROP DATABASE $staging WITH (FORCE)" >/dev/null; refuse "database $target was created while restoring; it is left as it is"; }
  kept="${target}_before_restore_$stamp"
  # New sessions are refused first (that commits on its own); then its sessions end and both renames commit together,
  # so either the restored copy has the name and the old one is kept, or nothing changed. Connections come back either way.
  psql_server "$admin" -v ON_ERROR_STOP=1 -qc "ALTER DATABASE $target ALLOW_CONNECTIONS false" >/dev/null
  if ! psql_server "$admin" -v ON_ERROR_STOP=1 -q -1 -f - >/dev/null <<SQL
SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '$target' AND pid <> pg_backend_pid();
ALTER DATABASE $target RENAME TO $kept;
ALTER DATABASE $staging RENAME TO $target;
SQL
  then
    psql_server "$admin" -qc "ALTER DATABASE $target ALLOW_CONNECTIONS true" >/dev/null
    die "the swap failed (above): $target is as it was and the restored copy is kept as $staging"
  fi
  psql_server "$admin" -v ON_ERROR_STOP=1 -qc "ALTER DATABASE $kept ALLOW_CONNECTIONS true" >/dev/null
  log "replaced $target with the restored copy; the previous one is kept as $kept"
else
  psql_server "$admin" -v ON_ERROR_STOP=1 -qc "ALTER DATABASE $staging RENAME TO $target" >/dev/null
  log "restored into $target"
fi
