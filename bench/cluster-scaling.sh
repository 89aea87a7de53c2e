#!/usr/bin/env bash
# Benchmark: a 3-worker cluster mirrors an N-tag estate ≥ 2× faster than a 1-worker one, with LATENCY_MS added to
# every registry request (source and destination). Exits non-zero below 2×. Usage: bench/cluster-scaling.sh [TAGS=200] [LATENCY_MS=20] [CONCURRENCY_PER_WORKER=4]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/scaling -c Release -- "${1:-200}" "${2:-20}" "${3:-4}"
