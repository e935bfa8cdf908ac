#!/usr/bin/env bash
# Start a local PostgreSQL server for the application-database tests (Debian, run as root).
#
# Installs the `postgresql` package if needed, makes sure a cluster exists and is running,
# creates the role `oneworkforce` (password `oneworkforce`) and the database
# `oneworkforce_test` owned by it, then prints one line to stdout: the SQLAlchemy URL.
# Everything else goes to stderr, so callers can do:
#
#   export ONEWORKFORCE_TEST_POSTGRES_URL="$(sudo scripts/postgres-for-tests.sh)"
#
# Safe to run again: every step checks before it acts. Needs no terminal (works under CI).
#
# Optional environment:
#   ONEWORKFORCE_PG_CLUSTER   cluster name (default: main)
#   ONEWORKFORCE_PG_WAIT      seconds to wait for the server to accept connections (default: 60)

set -euo pipefail

ROLE=oneworkforce
PASSWORD=oneworkforce
DATABASE=oneworkforce_test
CLUSTER="${ONEWORKFORCE_PG_CLUSTER:-main}"
WAIT_SECONDS="${ONEWORKFORCE_PG_WAIT:-60}"
SOCKET_DIR=/var/run/postgresql

log() { printf 'postgres-for-tests: %s\n' "$*" >&2; }
die() {
    printf 'postgres-for-tests: error: %s\n' "$*" >&2
    exit 1
}

# Run a command as the postgres superuser (peer authentication over the local socket).
as_postgres() { runuser -u postgres -- "$@"; }

# Newest PostgreSQL server version installed under /usr/lib/postgresql, or nothing.
installed_version() {
    local bin
    for bin in /usr/lib/postgresql/*/bin/postgres; do
        if [[ -x "$bin" ]]; then
            basename "$(dirname "$(dirname "$bin")")"
        fi
    done | sort -V | tail -n 1
}

# One field of `pg_lsclusters` for our cluster (3 port, 4 status, 7 log file); empty if absent.
cluster_field() {
    local listing
    listing="$(pg_lsclusters --no-header 2>/dev/null)" || listing=""
    awk -v ver="$1" -v name="$CLUSTER" -v field="$2" \
        '$1 == ver && $2 == name && !seen { print $field; seen = 1 }' <<<"$listing"
}

psql_admin() {
    as_postgres psql -X -q -A -t -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@" \
        </dev/null
}

[[ "$(id -u)" -eq 0 ]] || die "run this script as root (it may install packages and start the server)"
command -v runuser >/dev/null 2>&1 || die "runuser (util-linux) is needed to act as the postgres user"
[[ "$WAIT_SECONDS" =~ ^[0-9]+$ ]] || die "ONEWORKFORCE_PG_WAIT must be a whole number of seconds"

# 1. Server packages.
VERSION="$(installed_version)"
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ -z "$VERSION" ]]; then
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available"
    log "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2 </dev/null || die "apt-get update failed"
    apt-get install -y --no-install-recommends postgresql >&2 </dev/null ||
        die "apt-get install postgresql failed"
    VERSION="$(installed_version)"
    [[ -n "$VERSION" ]] || die "the postgresql package installed no server under /usr/lib/postgresql"
fi
log "using PostgreSQL $VERSION, cluster $CLUSTER"

# 2. Cluster.
if [[ -z "$(cluster_field "$VERSION" 3)" ]]; then
    log "creating cluster $VERSION $CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER" >&2 </dev/null ||
        die "pg_createcluster $VERSION $CLUSTER failed"
fi
PORT="$(cluster_field "$VERSION" 3)"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "cannot read the port of cluster $VERSION $CLUSTER from pg_lsclusters"

# 3. Server running. Containers often start with an empty /var/run, so recreate the socket folder.
mkdir -p "$SOCKET_DIR"
chown postgres:postgres "$SOCKET_DIR"
chmod 2775 "$SOCKET_DIR"
if [[ "$(cluster_field "$VERSION" 4)" != online* ]]; then
    log "starting cluster $VERSION $CLUSTER on port $PORT"
    if ! pg_ctlcluster "$VERSION" "$CLUSTER" start >&2 </dev/null; then
        LOG_FILE="$(cluster_field "$VERSION" 7)"
        if [[ -n "$LOG_FILE" && -r "$LOG_FILE" ]]; then
            log "last lines of $LOG_FILE:"
            tail -n 20 "$LOG_FILE" >&2
        fi
        die "pg_ctlcluster $VERSION $CLUSTER start failed"
    fi
else
    log "cluster $VERSION $CLUSTER is already running on port $PORT"
fi

waited=0
until pg_isready -q -h 127.0.0.1 -p "$PORT" -t 1 </dev/null; do
    if ((waited >= WAIT_SECONDS)); then
        die "the server did not accept connections on 127.0.0.1:$PORT within ${WAIT_SECONDS}s"
    fi
    sleep 1
    waited=$((waited + 1))
done

# 4. Role and database (names and password are fixed above, so quoting them inline is safe).
role_exists="$(psql_admin -c "SELECT count(*) FROM pg_roles WHERE rolname = '$ROLE'")" ||
    die "cannot query roles as the postgres superuser on port $PORT"
if [[ "$role_exists" == 1 ]]; then
    psql_admin -c "ALTER ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD'" ||
        die "cannot update role $ROLE"
else
    log "creating role $ROLE"
    psql_admin -c "CREATE ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD'" ||
        die "cannot create role $ROLE"
fi
database_exists="$(psql_admin -c "SELECT count(*) FROM pg_database WHERE datname = '$DATABASE'")" ||
    die "cannot query databases as the postgres superuser on port $PORT"
if [[ "$database_exists" == 1 ]]; then
    psql_admin -c "ALTER DATABASE $DATABASE OWNER TO $ROLE" ||
        die "cannot make $ROLE the owner of database $DATABASE"
else
    log "creating database $DATABASE"
    psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE" ||
        die "cannot create database $DATABASE"
fi

# 5. Prove the URL works the way the tests will use it: TCP, password authentication.
if ! PGPASSWORD="$PASSWORD" psql -X -q -w -h 127.0.0.1 -p "$PORT" -U "$ROLE" \
    -d "$DATABASE" -c "SELECT 1" >/dev/null </dev/null; then
    die "cannot log in as $ROLE over 127.0.0.1:$PORT; check pg_hba.conf of cluster $VERSION $CLUSTER"
fi
log "ready"

printf 'postgresql+psycopg://%s:%s@127.0.0.1:%s/%s\n' "$ROLE" "$PASSWORD" "$PORT" "$DATABASE"
