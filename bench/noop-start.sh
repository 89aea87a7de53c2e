#!/usr/bin/env bash
# Benchmark: wall time of an embedded no-op `flux-mirror sync` (one entry, every tag already up to date,
# SQLite state kept between runs). Seeds TAGS tags, copies them once, then times RUNS reruns.
# Usage: bench/noop-start.sh [TAGS=40] [RUNS=7]
#   FLUX_MIRROR_BIN=<flux-mirror apphost or .dll>  default: a fresh `dotnet publish` (self-contained ReadyToRun) of src/Coordinator
#   The last run sets FLUX_MIRROR_TRACE_STARTUP=1 and its phase timings (wall, CPU, JIT) are printed.
# Wall time depends on what else the machine runs: the CPU column (user+sys) is the steadier comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/registry.sh
tags=${1:-40} runs=${2:-7}
src_port=${NOOP_SRC_PORT:-5211} dst_port=${NOOP_DST_PORT:-5212}
work=$(mktemp -d /tmp/fm-noop-XXXX)
trap 'stop_registry "$work/src"; stop_registry "$work/dst"; rm -rf "$work"' EXIT

bin=${FLUX_MIRROR_BIN:-}
if [ -z "$bin" ]; then
  echo "publishing src/Coordinator (self-contained ReadyToRun)..."
  dotnet publish src/Coordinator -c Release -o "$work/bin" --nologo -v quiet >"$work/publish.log" 2>&1 || { tail -20 "$work/publish.log"; exit 1; }
  bin=$work/bin/flux-mirror
fi
run_fm() { case "$bin" in *.dll) dotnet "$bin" "$@" ;; *) "$bin" "$@" ;; esac; }

start_registry "$work/src" "$src_port"; start_registry "$work/dst" "$dst_port"
for t in $(seq 1 "$tags"); do seed_image "$src_port" bench/noop "1.$t.0" 1024; done
cat > "$work/flux.yaml" <<YAML
apiVersion: mirror.plugin.fluxcd.io/v1beta1
kind: Config
artifacts:
  - source: 127.0.0.1:$src_port/bench/noop
    destination: 127.0.0.1:$dst_port/bench/noop
    selector: { semver: "*", limit: 0 }
YAML
state=$work/state
echo "binary: $bin"
echo "first sync (copies $tags tags): $(run_fm sync "$work/flux.yaml" --no-progress --state-dir "$state" | tail -1)"

walls=() cpus=()
for i in $(seq 1 "$runs"); do
  trace=""; [ "$i" -eq "$runs" ] && trace=1
  t0=$(date +%s%N)
  FLUX_MIRROR_TRACE_STARTUP=$trace /usr/bin/time -f "%U %S" -o "$work/cpu" bash -c "$(declare -f run_fm); bin='$bin'; run_fm sync '$work/flux.yaml' --no-progress --state-dir '$state'" >"$work/out" 2>"$work/err" \
    || { cat "$work/out" "$work/err"; exit 1; }
  t1=$(date +%s%N)
  wall=$(( (t1 - t0) / 1000000 )) cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")
  walls+=("$wall"); cpus+=("$cpu")
  echo "no-op run $i: wall ${wall} ms, cpu ${cpu} ms  ($(tail -1 "$work/out"))"
done
summarize() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {printf "min %d ms, median %d ms", v[1], v[int((NR+1)/2)]}'; }
echo "no-op wall: $(summarize "${walls[@]}")  |  cpu: $(summarize "${cpus[@]}")  over $runs runs, $tags tags, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$work/err" ]; then echo "startup trace of the last run:"; cat "$work/err"; fi
