#!/usr/bin/env bash
# Benchmark: copy one image with a single 1 GiB layer between two local registries and report flux-mirror's
# peak RSS (target: below 250 MB) and wall time, side by side with a raw streaming copy of the same blob between the
# same registries (`curl | curl`, one GET piped into one PUT): target flux-mirror ≥ 0.9 × the raw copy's speed.
# Usage: bench/big-layer-rss.sh [LAYER_BYTES=1073741824]
#   FLUX_MIRROR_BIN=<flux-mirror apphost>  default: .demo/bin/flux-mirror (built by scripts/setup.sh if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/registry.sh
size=${1:-1073741824}
work=$(mktemp -d /tmp/fm-big-XXXX)
trap 'stop_registry "$work/src"; stop_registry "$work/dst"; rm -rf "$work"' EXIT
bin=${FLUX_MIRROR_BIN:-.demo/bin/flux-mirror}
[ -n "${FLUX_MIRROR_BIN:-}" ] || [ -x .demo/bin/flux-mirror ] || scripts/setup.sh >/dev/null
command -v /usr/bin/time >/dev/null || { echo "✗ needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

start_registry "$work/src" 5211; start_registry "$work/dst" 5212
echo "seeding one $size-byte layer..."
seed_image 5211 bench/big 1.0.0 "$size" 1
printf 'apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nartifacts:\n  - source: 127.0.0.1:5211/bench/big\n    destination: 127.0.0.1:5212/bench/big\n    selector: { semver: "*" }\n' > "$work/big.yaml"

/usr/bin/time -v "$bin" sync "$work/big.yaml" --no-progress >"$work/out" 2>"$work/time" || { cat "$work/out" "$work/time"; exit 1; }
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
echo "$(tail -1 "$work/out")"
echo "peak RSS: $((rss_kb / 1024)) MB (target < 250 MB); wall: $wall"

# The raw floor: the layer streamed from the source straight into an upload session at the destination.
digest=$(curl -fs -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://127.0.0.1:5211/v2/bench/big/manifests/1.0.0" \
  | grep -o '"layers":\[{[^}]*' | grep -o 'sha256:[0-9a-f]*')
loc=$(curl -fsi -X POST "http://127.0.0.1:5212/v2/raw/big/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
case "$loc" in http*) ;; *) loc="http://127.0.0.1:5212$loc" ;; esac
case "$loc" in *\?*) sep='&' ;; *) sep='?' ;; esac
t0=$(date +%s%N)
curl -fs "http://127.0.0.1:5211/v2/bench/big/blobs/$digest" \
  | curl -fs -X PUT -H 'Content-Type: application/octet-stream' -T - "$loc${sep}digest=$digest" >/dev/null
t1=$(date +%s%N)
raw_ms=$(( (t1 - t0) / 1000000 ))
flux_ms=$(echo "$wall" | awk -F: '{ printf "%d", ($1 * 60 + $2) * 1000 }')
echo "raw curl | curl copy: ${raw_ms} ms; flux-mirror speed / raw speed: $(awk -v r="$raw_ms" -v f="$flux_ms" 'BEGIN { printf "%.2f", r / f }') (target >= 0.9)"
