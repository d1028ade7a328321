#!/usr/bin/env bash
# Start a throwaway PostgreSQL (from Debian's packages, installed if missing) for the
# case-store tests, and print the URL to use as TEST_POSTGRES_URL.
#   scripts/test_postgres.sh start DIR   -> prints the URL
#   scripts/test_postgres.sh stop DIR
set -euo pipefail
action=$1
dir=$2
port=${PGPORT_TEST:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)

if [ "$action" = stop ]; then
  [ -n "$bin" ] && [ -d "$dir/data" ] && su postgres -s /bin/sh -c "$bin/pg_ctl -D '$dir/data' -m fast stop" >/dev/null 2>&1 || true
  exit 0
fi

if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi

mkdir -p "$dir"
chown postgres "$dir"
su postgres -s /bin/sh -c "$bin/initdb -D '$dir/data' -A trust -U postgres" >/dev/null
su postgres -s /bin/sh -c "$bin/pg_ctl -D '$dir/data' -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l '$dir/log' -w start" >/dev/null
echo "postgresql://postgres@127.0.0.1:$port/postgres"
