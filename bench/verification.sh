#!/usr/bin/env bash
# Benchmark: wall time of verifying one tag's cosign signature at plan time (referrers, bundle, Sigstore checks)
# against a real docker-registry, cold and warm. Usage: bench/verification.sh [TAGS=100]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/verification -c Release -- "${1:-100}"
