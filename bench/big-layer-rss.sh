#!/usr/bin/env bash
# Benchmark: copy one image with a single 1 GiB layer between two local registries and report flux-mirror's
# peak RSS (target: below 250 MB) and throughput. Usage: bench/big-layer-rss.sh [LAYER_BYTES=1073741824]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/registry.sh
size=${1:-1073741824}
work=$(mktemp -d /tmp/fm-big-XXXX)
trap 'stop_registry "$work/src"; stop_registry "$work/dst"; rm -rf "$work"' EXIT
[ -x .demo/bin/flux-mirror ] || scripts/setup.sh >/dev/null
command -v /usr/bin/time >/dev/null || { echo "✗ needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

start_registry "$work/src" 5211; start_registry "$work/dst" 5212
echo "seeding one $size-byte layer..."
seed_image 5211 bench/big 1.0.0 "$size" 1
printf 'apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nartifacts:\n  - source: 127.0.0.1:5211/bench/big\n    destination: 127.0.0.1:5212/bench/big\n    selector: { semver: "*" }\n' > "$work/big.yaml"

/usr/bin/time -v .demo/bin/flux-mirror sync "$work/big.yaml" --no-progress >"$work/out" 2>"$work/time" || { cat "$work/out" "$work/time"; exit 1; }
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
echo "$(tail -1 "$work/out")"
echo "peak RSS: $((rss_kb / 1024)) MB (target < 250 MB); wall: $wall"
