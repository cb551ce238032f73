#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's binaries) on 127.0.0.1:PORT with its data in DIR, and prints the
# Npgsql connection string of its superuser on the last line. Idempotent: a running server is left as it is.
# Usage: tests/postgres/start-local.sh [DIR] [PORT]
# POSTGRES_SETTINGS: more server settings, space-separated name=value (e.g. "shared_buffers=1GB"), for a new start.
set -euo pipefail
dir=${1:-/tmp/trialmonitor-postgres}
port=${2:-55432}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
    echo "start-local.sh: PostgreSQL server binaries not found; install the Debian package: apt-get install -y postgresql" >&2
    exit 1
fi

# initdb refuses to run as root: run the server as the postgres user the package created.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
chmod 700 "$dir"
if [ ! -f "$dir/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
fi
settings=""
for setting in ${POSTGRES_SETTINGS:-}; do
    case "$setting" in
        *=*) settings+=" -c $setting" ;;
        *) echo "start-local.sh: POSTGRES_SETTINGS holds name=value pairs, not '$setting'" >&2; exit 64 ;;
    esac
done
if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400$settings" start >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
