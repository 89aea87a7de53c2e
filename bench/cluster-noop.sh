#!/usr/bin/env bash
# Benchmark: a no-op rerun (every tag up to date) submitted to a standing local cluster whose nodes are warm
# (scripts/cluster-local.sh: PostgreSQL, 1 coordinator, 2 workers, two docker-registry 2.8 on plain HTTP). Times RUNS
# reruns with each registry host's shared budget as configured (32 requests in flight), then RUNS more with BUDGET
# (`ratelimit set`, as for a rate-limited upstream), and prints each median and the host limits between the two; then
# copies the estate once more under that budget, into new repositories. A limit that drifts down from its budget over
# jobs, or permits parked on one node while another waits, shows here.
# Usage: bench/cluster-noop.sh [REPOS=30] [TAGS=4] [RUNS=10] [BUDGET=4]
#   FLUX_MIRROR_BIN=<flux-mirror apphost or .dll> runs the CLI (default: the cluster's own build)
#   SRC_PORT, DST_PORT: the registries' ports (default 5231, 5232)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/registry.sh
repos=${1:-30} tags=${2:-4} runs=${3:-10} budget=${4:-4}
src_port=${SRC_PORT:-5231} dst_port=${DST_PORT:-5232}
work=$(mktemp -d /tmp/fm-cluster-noop-XXXX)
chmod 755 "$work" # initdb runs as the postgres user when this runs as root
export CLUSTER_LOCAL_STATE=$work/cluster
cleanup() {
  scripts/cluster-local.sh down >/dev/null 2>&1 || true
  stop_registry "$work/src"; stop_registry "$work/dst"; rm -rf "$work"
}
trap cleanup EXIT

start_registry "$work/src" "$src_port"; start_registry "$work/dst" "$dst_port"
{
  printf 'apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nartifacts:\n'
  for r in $(seq 1 "$repos"); do
    for t in $(seq 1 "$tags"); do seed_image "$src_port" "bench/r$r" "1.$t.0" 65536 2; done
    printf '  - source: 127.0.0.1:%s/bench/r%s\n    destination: 127.0.0.1:%s/bench/r%s\n    selector: { semver: "*", limit: 0 }\n' \
      "$src_port" "$r" "$dst_port" "$r"
  done
} > "$work/flux.yaml"

url=$(scripts/cluster-local.sh up | tail -1)
bin=${FLUX_MIRROR_BIN:-$CLUSTER_LOCAL_STATE/bin/flux-mirror.dll}
fm() { case "$bin" in *.dll) dotnet "$bin" "$@" ;; *) "$bin" "$@" ;; esac; }
cluster=(--cluster "$url" --api-token-file "$CLUSTER_LOCAL_STATE/api-token")

echo "first sync (copies $((repos * tags)) tags): $(fm sync "$work/flux.yaml" "${cluster[@]}" --no-progress | tail -1)"

# Prints the median wall time in ms of RUNS no-op reruns, after two warm-up reruns.
time_noops() {
  local walls=() t0 t1 i
  for i in 1 2; do fm sync "$work/flux.yaml" "${cluster[@]}" --no-progress >/dev/null; done
  for i in $(seq 1 "$runs"); do
    t0=$(date +%s%N)
    fm sync "$work/flux.yaml" "${cluster[@]}" --no-progress | grep -q "$((repos * tags)) skipped" \
      || { echo "✗ a rerun was not a no-op" >&2; exit 1; }
    t1=$(date +%s%N)
    walls+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${walls[@]}" | sort -n | awk '{v[NR]=$1} END {printf "median %d ms (min %d, max %d)", v[int((NR+1)/2)], v[1], v[NR]}'
}

echo "no-op, budget as configured: $(time_noops)"
echo "host limits after $((runs + 3)) jobs (the adaptive limit should still be the budget):"
fm ratelimit show "${cluster[@]}"
for port in "$src_port" "$dst_port"; do fm ratelimit set "127.0.0.1:$port" "$budget" "${cluster[@]}" >/dev/null; done
echo "no-op, budget $budget per host: $(time_noops)"
# The same estate copied again under the small budget, into repositories the destination does not have yet.
sed '/destination:/ s|/bench/r\([0-9]*\)$|/bench/copy-r\1|' "$work/flux.yaml" > "$work/copy.yaml"
t0=$(date +%s%N)
summary=$(fm sync "$work/copy.yaml" "${cluster[@]}" --no-progress | tail -1)
echo "copy, budget $budget per host: $(( ($(date +%s%N) - t0) / 1000000 )) ms ($summary)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
