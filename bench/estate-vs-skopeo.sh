#!/usr/bin/env bash
# Benchmark (issue 14): skopeo sync, flux-mirror and a minimal HttpClient copier (the floor: same request plan, no actors,
# no journal; run once inside the bench and once as a process of its own, which pays the .NET runtime's start as
# flux-mirror does) mirror the same estate side by side, each into its own fresh destination registry with both sides
# behind counting proxies; then each reruns as a no-op. The estate: REPOS repositories x TAGS tags, one
# 256 KiB base layer shared by every image, two 64 KiB layers and a config per image. Prints wall times, ratios to skopeo,
# CPU seconds of the copiers run as processes (the in-process floor's cannot be told from the proxies'),
# requests per tag (by kind too), source bytes over the estate's unique bytes, the load average, and the targets (ok/MISS).
# Exit 0 on MISS (a measurement); non-zero when a copier failed or a copy is incomplete.
# Usage: bench/estate-vs-skopeo.sh [REPOS=30] [TAGS=4] [CONCURRENCY=8]
#   FLUX_MIRROR_BIN=<flux-mirror apphost or .dll>  default: .demo/bin/flux-mirror (built by scripts/setup.sh if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FLUX_MIRROR_BIN:-}" ]; then
  [ -x .demo/bin/flux-mirror ] || scripts/setup.sh >/dev/null
  export FLUX_MIRROR_BIN=$PWD/.demo/bin/flux-mirror
fi
dotnet run --project bench/estate -c Release -- "${1:-30}" "${2:-4}" "${3:-8}"
