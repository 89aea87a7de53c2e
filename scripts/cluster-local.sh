#!/usr/bin/env bash
# Local flux-mirror cluster on 127.0.0.1: PostgreSQL (Debian `postgresql` package, temp data dir),
# COORDINATORS coordinators (default 1) and WORKERS workers (default 2) as background processes.
#   scripts/cluster-local.sh up     # last line: every coordinator URL, comma-separated (for sync --cluster)
#   scripts/cluster-local.sh down   # stops everything `up` started
# Every `up` writes a fresh random job API token to $CLUSTER_LOCAL_STATE/api-token (mode 0600); the coordinators read
# it through FLUX_MIRROR_API_TOKEN_FILE, the CLI takes it as --api-token-file FILE or FLUX_MIRROR_API_TOKEN.
# State (coordinator-N.pid, worker-N.pid, logs, database, binaries) lives in CLUSTER_LOCAL_STATE (default
# .cluster-local/ at the repository root). CLUSTER_LOCAL_BIN names a folder that already holds flux-mirror.dll
# and flux-mirror-worker.dll (no publish). PG_PORT, AKKA_PORT and HTTP_PORT are where the search for free
# ports starts: ports in the kernel's ephemeral range (ip_local_port_range) are never used, because an outgoing
# connection may hold one at any time. FLUX_MIRROR_* variables (e.g. FLUX_MIRROR_DOWN_UNREACHABLE_AFTER) reach
# every node. Remoting runs over mutually authenticated TLS even on 127.0.0.1: scripts/remoting-certs.sh puts a CA
# and a node certificate (keys 0600) in $STATE/tls, and every node presents that certificate.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${CLUSTER_LOCAL_STATE:-$ROOT/.cluster-local}"
TOKEN_FILE="$STATE/api-token"
COORDINATORS="${COORDINATORS:-1}"
WORKERS="${WORKERS:-2}"
PG_PORT="${PG_PORT:-15432}"
AKKA_PORT="${AKKA_PORT:-25520}"
HTTP_PORT="${HTTP_PORT:-8080}"
READY_SECONDS="${READY_SECONDS:-120}"

fail() { echo "✗ $*" >&2; exit 1; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_pg() {
  # initdb/pg_ctl refuse to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

read -r EPHEMERAL_LOW EPHEMERAL_HIGH </proc/sys/net/ipv4/ip_local_port_range
TAKEN=" "
PORT=

# Sets PORT to the first port from $1 up that is outside the ephemeral range, not handed out by this run yet (a
# node just started may not listen yet), and not used by any socket (listening, connected or in TIME-WAIT). Not
# called in $(…): the subshell would forget TAKEN.
free_port() {
  local port="$1"
  while [ "$port" -le 65535 ]; do
    if [ "$port" -ge "$EPHEMERAL_LOW" ] && [ "$port" -le "$EPHEMERAL_HIGH" ]; then
      port=$((EPHEMERAL_HIGH + 1))
      continue
    fi
    if [[ "$TAKEN" != *" $port "* ]] && [ -z "$(ss -Htan "( sport = :$port )")" ]; then
      TAKEN="$TAKEN$port "
      PORT=$port
      return 0
    fi
    port=$((port + 1))
  done
  fail "no free port from $1 up outside the ephemeral range $EPHEMERAL_LOW-$EPHEMERAL_HIGH"
}

start_node() { # name, command...
  local name="$1"; shift
  nohup "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

# Polls until the command succeeds, a started node died (its log tells why), or READY_SECONDS pass.
wait_for() { # what, command...
  local what="$1"; shift
  local deadline=$((SECONDS + READY_SECONDS))
  until "$@" >/dev/null 2>&1; do
    for pidfile in "$STATE"/*.pid; do
      kill -0 "$(cat "$pidfile")" 2>/dev/null || fail "$(basename "$pidfile" .pid) exited while waiting for $what; see $STATE/$(basename "$pidfile" .pid).log"
    done
    [ "$SECONDS" -lt "$deadline" ] || fail "$what not within ${READY_SECONDS}s; see $STATE/*.log"
    sleep 0.5
  done
}

# GETs a coordinator URL with the API token; the header goes through stdin, so the token never shows in `ps`.
api_get() { # url
  curl -fsS --max-time 5 -H @- "$1" <<<"Authorization: Bearer $(cat "$TOKEN_FILE")"
}

all_up() { # url, members
  [ "$(api_get "$1/ops/cluster/show" | grep -c ' | up | ')" -eq "$2" ]
}

binaries() {
  if [ -n "${CLUSTER_LOCAL_BIN:-}" ]; then
    [ -f "$CLUSTER_LOCAL_BIN/flux-mirror.dll" ] && [ -f "$CLUSTER_LOCAL_BIN/flux-mirror-worker.dll" ] \
      || fail "CLUSTER_LOCAL_BIN=$CLUSTER_LOCAL_BIN holds no flux-mirror.dll and flux-mirror-worker.dll"
    echo "$CLUSTER_LOCAL_BIN"
    return
  fi
  echo "building into $STATE/bin …" >&2
  # Both executables share one folder and run on the installed runtime (`dotnet …dll`): framework-dependent.
  dotnet publish "$ROOT/src/Coordinator" -c Release -p:SelfContained=false -o "$STATE/bin" >"$STATE/build.log" 2>&1 || fail "build failed; see $STATE/build.log"
  dotnet publish "$ROOT/src/Worker" -c Release -o "$STATE/bin" >>"$STATE/build.log" 2>&1 || fail "build failed; see $STATE/build.log"
  echo "$STATE/bin"
}

up() {
  [[ "$COORDINATORS" =~ ^[1-9][0-9]*$ ]] || fail "COORDINATORS must be a number above 0, got \"$COORDINATORS\""
  [[ "$WORKERS" =~ ^[0-9]+$ ]] || fail "WORKERS must be a number, got \"$WORKERS\""
  mkdir -p "$STATE"
  for pidfile in "$STATE"/*.pid; do
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && fail "already up ($pidfile); run $0 down first"
    rm -f "$pidfile"
  done
  local pg; pg="$(pg_bin)"
  [ -n "$pg" ] || fail "PostgreSQL not found: apt-get install postgresql"
  local bin; bin="$(binaries)"
  # A half-started cluster is no use: whatever fails from here on stops what was started.
  trap 'echo "stopping what was started" >&2; down' EXIT
  (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$TOKEN_FILE")
  chmod 600 "$TOKEN_FILE"

  free_port "$PG_PORT"
  local pg_port=$PORT
  local data="$STATE/pgdata"
  if [ ! -d "$data" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres "$data" "$STATE"
    as_pg "$pg/initdb" -D "$data" -A trust -U postgres >"$STATE/initdb.log"
  fi
  as_pg "$pg/pg_ctl" -D "$data" -l "$STATE/postgres.log" -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" -w start >&2
  "$pg/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "select 1 from pg_database where datname='fluxmirror'" | grep -q 1 \
    || "$pg/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres fluxmirror

  export FLUX_MIRROR_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=fluxmirror"
  export FLUX_MIRROR_HOSTNAME=127.0.0.1
  "$ROOT/scripts/remoting-certs.sh" "$STATE/tls" >/dev/null 2>"$STATE/remoting-certs.log" \
    || fail "remoting certificates: $(cat "$STATE/remoting-certs.log")"
  export FLUX_MIRROR_TLS_CERT="$STATE/tls/tls.crt" FLUX_MIRROR_TLS_KEY="$STATE/tls/tls.key" FLUX_MIRROR_TLS_CA="$STATE/tls/ca.crt"
  # Many nodes on one machine: management ports wherever they are free, and the loopback operator port
  # (flux-mirror cluster show without --cluster) on the first coordinator only.
  export FLUX_MIRROR_MANAGEMENT_PORT=0 FLUX_MIRROR_OPERATOR_PORT=off
  local akka=$AKKA_PORT http=$HTTP_PORT seeds="" urls=""
  for i in $(seq 1 "$COORDINATORS"); do
    free_port "$akka"; akka=$PORT
    free_port "$http"; http=$PORT
    # The first coordinator founds the cluster; the others join it (every coordinator seeds the workers).
    # The token file only: an exported FLUX_MIRROR_API_TOKEN (for the CLI) would make the coordinator refuse both.
    FLUX_MIRROR_PORT=$akka FLUX_MIRROR_HTTP_PORT=$http FLUX_MIRROR_SEEDS="$seeds" \
      FLUX_MIRROR_OPERATOR_PORT=$([ "$i" = 1 ] && echo "${OPERATOR_PORT:-9110}" || echo off) \
      FLUX_MIRROR_API_TOKEN= FLUX_MIRROR_API_TOKEN_FILE="$TOKEN_FILE" \
      start_node "coordinator-$i" dotnet "$bin/flux-mirror.dll" coordinator
    wait_for "coordinator-$i" curl -fsS --max-time 5 "http://127.0.0.1:$http/healthz/ready"
    seeds="${seeds:+$seeds,}akka.ssl.tcp://flux-mirror@127.0.0.1:$akka"
    urls="${urls:+$urls,}http://127.0.0.1:$http"
  done
  for i in $(seq 1 "$WORKERS"); do
    free_port "$akka"; akka=$PORT
    FLUX_MIRROR_PORT=$akka FLUX_MIRROR_SEEDS="$seeds" \
      start_node "worker-$i" dotnet "$bin/flux-mirror-worker.dll"
  done
  wait_for "every node to be Up" all_up "${urls%%,*}" $((COORDINATORS + WORKERS))
  trap - EXIT
  echo "job API token in $TOKEN_FILE: FLUX_MIRROR_API_TOKEN=\$(cat $TOKEN_FILE) flux-mirror job list --cluster ${urls%%,*}  (or --api-token-file $TOKEN_FILE)"
  echo "$urls"
}

down() {
  local pids=()
  for pidfile in "$STATE"/worker-*.pid "$STATE"/coordinator-*.pid; do
    [ -f "$pidfile" ] || continue
    pids+=("$(cat "$pidfile")")
    kill -TERM "${pids[-1]}" 2>/dev/null || true
    rm -f "$pidfile"
  done
  # SIGTERM runs each node's coordinated shutdown; a node that hangs in it is killed after 30 s.
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  local pg; pg="$(pg_bin)"
  if [ -n "$pg" ] && [ -d "$STATE/pgdata" ]; then
    as_pg "$pg/pg_ctl" -D "$STATE/pgdata" -m fast -w stop >&2 || true
  fi
  rm -f "$TOKEN_FILE"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
