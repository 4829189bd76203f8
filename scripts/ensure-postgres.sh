#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with a `sellerdesk` role that may
# create the test database. Starts an installed cluster that is down. Exit 3 when PostgreSQL
# is not installed and cannot be started (the caller decides whether that is fatal).
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}

ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

if ! command -v pg_isready >/dev/null; then
  echo "PostgreSQL client tools are not installed" >&2
  exit 3
fi

if ! ready; then
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do ready && break; sleep 1; done
  fi
fi
if ! ready; then
  echo "PostgreSQL is not running on $PGHOST:$PGPORT and could not be started" >&2
  exit 3
fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"
  else
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"
  fi
}

if [ "$(as_postgres -c "select 1 from pg_roles where rolname = 'sellerdesk'")" != "1" ]; then
  as_postgres -c "create role sellerdesk login createdb password 'sellerdesk'"
fi
if [ "$(as_postgres -c "select 1 from pg_database where datname = 'sellerdesk'")" != "1" ]; then
  as_postgres -c "create database sellerdesk owner sellerdesk"
fi

# Test databases are named per process (config/settings.py); drop the ones earlier runs left
# behind when a connection outlived their teardown. One still in use refuses, and stays.
for db in $(as_postgres -c "select datname from pg_database where datname like 'test_sellerdesk_%'"); do
  as_postgres -c "drop database if exists \"$db\"" 2>/dev/null || true
done
