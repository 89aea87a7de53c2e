#!/usr/bin/env bash
# Local flux-mirror cluster on 127.0.0.1: PostgreSQL (Debian `postgresql` package, temp data dir),
# one coordinator and two workers as background processes.
#   scripts/cluster-local.sh up     # prints the coordinator URL as its last line
#   scripts/cluster-local.sh down   # stops everything started by `up`
# State (PIDs, logs, database, binaries) lives in .cluster-local/ at the repository root.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/.cluster-local"
PG_PORT="${PG_PORT:-55432}"
AKKA_PORT="${AKKA_PORT:-25520}"
HTTP_PORT="${HTTP_PORT:-8080}"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_pg() {
  # initdb/pg_ctl refuse to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_http() {
  for _ in $(seq 1 120); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "✗ $1 did not come up; see $STATE/*.log" >&2
  return 1
}

start_node() { # name, command...
  local name="$1"; shift
  nohup "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

up() {
  mkdir -p "$STATE"
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] || { echo "✗ PostgreSQL not found: apt-get install postgresql" >&2; exit 1; }

  echo "building into $STATE/bin …" >&2
  dotnet publish "$ROOT/src/Coordinator" -c Release -o "$STATE/bin" >"$STATE/build.log" 2>&1
  dotnet publish "$ROOT/src/Worker" -c Release -o "$STATE/bin" >>"$STATE/build.log" 2>&1

  local data="$STATE/pgdata"
  if [ ! -d "$data" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres "$data" "$STATE"
    as_pg "$bin/initdb" -D "$data" -A trust -U postgres >"$STATE/initdb.log"
  fi
  as_pg "$bin/pg_ctl" -D "$data" -l "$STATE/postgres.log" -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1" -w start >&2
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='fluxmirror'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres fluxmirror

  export FLUX_MIRROR_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=fluxmirror"
  export FLUX_MIRROR_HOSTNAME=127.0.0.1
  local seed="akka.tcp://flux-mirror@127.0.0.1:$AKKA_PORT"

  FLUX_MIRROR_PORT=$AKKA_PORT FLUX_MIRROR_HTTP_PORT=$HTTP_PORT \
    start_node coordinator dotnet "$STATE/bin/flux-mirror.dll" coordinator
  wait_http "http://127.0.0.1:$HTTP_PORT/healthz/ready"
  for i in 1 2; do
    FLUX_MIRROR_PORT=$((AKKA_PORT + i)) FLUX_MIRROR_SEEDS="$seed" \
      start_node "worker-$i" dotnet "$STATE/bin/flux-mirror-worker.dll"
  done
  echo "http://127.0.0.1:$HTTP_PORT"
}

down() {
  for pidfile in "$STATE"/worker-*.pid "$STATE"/coordinator.pid; do
    [ -f "$pidfile" ] || continue
    kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  local bin; bin="$(pg_bin)"
  if [ -n "$bin" ] && [ -d "$STATE/pgdata" ]; then
    as_pg "$bin/pg_ctl" -D "$STATE/pgdata" -m fast -w stop >&2 || true
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
