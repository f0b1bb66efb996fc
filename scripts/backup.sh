#!/usr/bin/env bash
# Backs up the app's database: pg_dump's custom format (compressed, restorable table by table with pg_restore), as
# <database>-<UTC time>.dump in the backup folder, keeping the newest few. Connects as the app's role, the database's
# owner, with ConnectionStrings__Omnirapeutic; without one, the local cluster's omnirapeutic database (as run.sh).
#
#   scripts/backup.sh                      # .data/backups, keeps 14
#   OMNI_BACKUP_DIR=/srv/backups OMNI_BACKUP_KEEP=30 scripts/backup.sh
#
# Prints the new file's path. Restore with scripts/restore.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

dir="${OMNI_BACKUP_DIR:-$ROOT/.data/backups}"
keep="${OMNI_BACKUP_KEEP:-14}"
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "OMNI_BACKUP_KEEP must be a whole number of backups, at least 1 (got '$keep')"

ensure_postgres_binaries
if [ -z "${ConnectionStrings__Omnirapeutic:-}" ]; then
  ensure_postgres omnirapeutic
fi
libpq_env "$ConnectionStrings__Omnirapeutic"
database="$PGDATABASE"
[[ "$database" =~ ^[A-Za-z0-9_]+$ ]] || die "the connection string names no database, or one this script will not put in a file name: '$database'"

mkdir -p "$dir"
file="$dir/$database-$(date -u +%Y%m%dT%H%M%S.%3NZ).dump"
# Written under a temporary name and renamed when complete: a file with the .dump name is always a whole backup, and
# what an interrupted dump wrote is removed.
trap 'rm -f -- "$file.partial"' EXIT
"$(pg_bin)/pg_dump" --format=custom --no-owner --file="$file.partial" "$database" || { rm -f "$file.partial"; die "pg_dump failed; no backup written"; }
mv "$file.partial" "$file"
log "backed up $database to $file ($(du -h "$file" | cut -f1))"

# The newest $keep of this database's backups stay; older ones go.
mapfile -t old < <(ls -1 "$dir/$database"-*.dump | sort -r | tail -n +"$((keep + 1))")
for f in "${old[@]}"; do
  rm -f -- "$f"
  log "removed the older backup $f (keeping $keep)"
done
echo "$file"
