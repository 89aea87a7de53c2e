#!/usr/bin/env bash
# Benchmark: one job of REPOS × TAGS small tags (default 2 000 × 10 = 20 000) through a real local cluster of
# processes (1 coordinator + WORKERS workers, PostgreSQL journal, two docker-registry 2.8), submitted through the
# coordinator's authenticated API. Prints wall time, tags/s, CPU and peak RSS per node, journal rows and bytes per tag;
# exits non-zero only when the job failed or left a tag uncopied.
# Usage: bench/large-job.sh [REPOS=2000] [TAGS=10] [WORKERS=2] [CONCURRENCY_PER_WORKER=16] [TIMEOUT_MINUTES=80] [NODE_HEAP_MIB]
#   NODE_HEAP_MIB: cap each node's GC heap, as a container memory limit does (unset: no cap)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/large-job -c Release -- "${1:-2000}" "${2:-10}" "${3:-2}" "${4:-16}" "${5:-80}" ${6:+"$6"}
