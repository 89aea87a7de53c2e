#!/usr/bin/env bash
# Benchmark: a 30-repository x 4-tag estate mirrored by `skopeo sync` and by flux-mirror, same machine,
# same run, each into its own fresh destination registry. Target: flux-mirror wall time <= 0.5 x skopeo's.
# Usage: bench/estate-vs-skopeo.sh [REPOS=30] [TAGS=4] [LAYER_BYTES=262144] [LAYERS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/registry.sh
repos=${1:-30} tags=${2:-4} size=${3:-262144} layers=${4:-3}
work=$(mktemp -d /tmp/fm-bench-XXXX)
trap 'for d in src skopeo flux; do stop_registry "$work/$d"; done; rm -rf "$work"' EXIT
[ -x .demo/bin/flux-mirror ] || scripts/setup.sh >/dev/null

start_registry "$work/src" 5201; start_registry "$work/skopeo" 5202; start_registry "$work/flux" 5203
echo "seeding $repos repositories x $tags tags ($layers x $size-byte layers each)..."
for r in $(seq -w 1 "$repos"); do for t in $(seq 1 "$tags"); do seed_image 5201 "bench/repo-$r" "1.$t.0" "$size" "$layers"; done; done

{ echo "127.0.0.1:5201:"; echo "  tls-verify: false"; echo "  images:"; for r in $(seq -w 1 "$repos"); do echo "    bench/repo-$r: []"; done; } > "$work/skopeo.yaml"
{ echo "apiVersion: mirror.plugin.fluxcd.io/v1beta1"; echo "kind: Config"; echo "artifacts:"
  for r in $(seq -w 1 "$repos"); do
    printf '  - source: 127.0.0.1:5201/bench/repo-%s\n    destination: 127.0.0.1:5203/bench/repo-%s\n    selector: { semver: "*", limit: 0 }\n' "$r" "$r"
  done; } > "$work/flux.yaml"

t0=$(date +%s.%N)
skopeo sync --src yaml --dest docker --dest-tls-verify=false "$work/skopeo.yaml" 127.0.0.1:5202 >/dev/null 2>"$work/skopeo.err" || { cat "$work/skopeo.err"; exit 1; }
t1=$(date +%s.%N)
.demo/bin/flux-mirror sync "$work/flux.yaml" --no-progress --concurrency "${FLUX_CONCURRENCY:-8}" >"$work/flux.out" || { tail -5 "$work/flux.out"; exit 1; }
t2=$(date +%s.%N)

skopeo_s=$(echo "$t1 - $t0" | bc); flux_s=$(echo "$t2 - $t1" | bc)
echo "skopeo sync:  ${skopeo_s}s"
echo "flux-mirror:  ${flux_s}s ($(tail -1 "$work/flux.out"))"
echo "ratio flux/skopeo: $(echo "scale=3; $flux_s / $skopeo_s" | bc) (target <= 0.5)"
