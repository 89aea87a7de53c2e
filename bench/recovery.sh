#!/usr/bin/env bash
# Benchmark: recovery time of a journaled 20 000-tag job (target < 5 s). Usage: bench/recovery.sh [TAGS=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/recovery -c Release -- "${1:-20000}"
