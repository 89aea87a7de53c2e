#!/usr/bin/env bash
# Benchmark: credential fetch counts over one simulated hour of mirroring (each credential kind, renewed at half its
# lifetime) and the wall-clock latency of one token fetch over loopback HTTP. Usage: bench/credentials.sh [SAMPLES=500]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/credentials -c Release -- "${1:-500}"
