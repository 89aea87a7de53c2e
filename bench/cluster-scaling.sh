#!/usr/bin/env bash
# Benchmark: a 3-worker cluster mirrors an N-tag estate ≥ 2.5× faster than a 1-worker one, with LATENCY_MS added to
# every registry request (source and destination). Exits non-zero below 2.5×.
# Usage: bench/cluster-scaling.sh [TAGS=120] [LATENCY_MS=100] [CONCURRENCY_PER_WORKER=2]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/scaling -c Release -- "${1:-120}" "${2:-100}" "${3:-2}"
