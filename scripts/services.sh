#!/usr/bin/env bash
# Installs and starts the services the integration tests use: Redis and PostgreSQL on loopback,
# plus Chromium for the browser test. Debian/Ubuntu, as root (or with sudo), no systemd needed.
#
# Idempotent: anything already installed, running or created is left as it is, so CI and a
# developer machine can run it any number of times. It ends by printing the environment the
# tests read and writes the same lines to `.services.env` (gitignored) for `.ci/run` to source:
#
#   bash scripts/services.sh && source .services.env
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE="$ROOT/.services.env"
PG_ROLE=vaultkit
PG_PASSWORD=vaultkit
PG_DB=vaultkit_test
REDIS_PORT=6379
WAIT_SECONDS=30

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Run as root directly, or through sudo when the script is started by another user.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "run as root (or install sudo)"
  SUDO=(sudo)
fi
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# --- 1. packages -------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for pkg in redis-server postgresql chromium; do
  installed "$pkg" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  log "installing ${missing[*]} (about two minutes)"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "redis-server, postgresql and chromium are installed"
fi

# --- 2. Redis ----------------------------------------------------------------------------
if redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
  log "redis already answers on port $REDIS_PORT"
else
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  # No persistence: test data is throwaway, and a dump would outlive the run.
  "${SUDO[@]}" redis-server --daemonize yes --save '' --appendonly no \
    --bind 127.0.0.1 --port "$REDIS_PORT" >/dev/null
fi

# --- 3. PostgreSQL -----------------------------------------------------------------------
# The newest installed major; its "main" cluster is created by the Debian package.
PG_VERSION="$( (ls /usr/lib/postgresql 2>/dev/null || true) | sort -V | tail -n 1)"
[ -n "$PG_VERSION" ] || die "no PostgreSQL server found under /usr/lib/postgresql"
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  log "creating PostgreSQL $PG_VERSION cluster main"
  "${SUDO[@]}" pg_createcluster "$PG_VERSION" main >/dev/null
fi
cluster_line() { pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main"'; }
PG_PORT="$(cluster_line | awk '{ print $3 }')"
if cluster_line | awk '{ exit !($4 ~ /^online/) }'; then
  log "postgresql $PG_VERSION already running on port $PG_PORT"
else
  log "starting postgresql $PG_VERSION on port $PG_PORT"
  "${SUDO[@]}" pg_ctlcluster "$PG_VERSION" main start
fi

# --- 4. wait until both answer -----------------------------------------------------------
for ((i = 0; ; i++)); do
  redis_ok=0 pg_ok=0
  redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && redis_ok=1
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && pg_ok=1
  [ "$redis_ok$pg_ok" = 11 ] && break
  [ "$i" -ge $((WAIT_SECONDS * 2)) ] && die "not ready after ${WAIT_SECONDS}s (redis=$redis_ok postgres=$pg_ok)"
  sleep 0.5
done

# --- 5. role and database ----------------------------------------------------------------
psql_admin() { as_postgres psql -X -q -p "$PG_PORT" -v ON_ERROR_STOP=1 -tA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" = 1 ]; then
  log "role $PG_ROLE exists"
else
  log "creating role $PG_ROLE"
  # CREATEDB so that a test may create a throwaway database of its own.
  psql_admin -c "CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" = 1 ]; then
  log "database $PG_DB exists"
else
  log "creating database $PG_DB"
  psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE"
fi

DATABASE_URL="postgresql://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

# The URL the tests will use must really work: log in over TCP as the test role.
PGPASSWORD="$PG_PASSWORD" psql -X -q -tA -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d "$PG_DB" \
  -c 'SELECT 1' >/dev/null || die "cannot log in as $PG_ROLE to $PG_DB over TCP"

# --- 6. environment ----------------------------------------------------------------------
{
  echo "export DATABASE_URL=$DATABASE_URL"
  echo "export REDIS_URL=$REDIS_URL"
} | tee "$ENV_FILE"
log "ready; the lines above are also in ${ENV_FILE#"$ROOT"/} (source it)"
