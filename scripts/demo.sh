#!/usr/bin/env bash
# The main job on the embedded default: start two local registries, seed a few images into the first,
# and mirror them into the second with examples/demo.yaml. Run scripts/setup.sh once before.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/registry.sh
root=$(pwd)/.demo
bin=$root/bin/flux-mirror
[ -x "$bin" ] || { echo "✗ run scripts/setup.sh first" >&2; exit 1; }

start_registry "$root/source" 5101
start_registry "$root/destination" 5102
for tag in 1.0.0 1.1.0 1.2.0 2.0.0-rc.1; do seed_image 5101 demo/podinfo "$tag" 65536; done
for tag in 3.18 3.19 3.20 latest; do seed_image 5101 demo/alpine "$tag" 65536; done
echo "registries: source 127.0.0.1:5101, destination 127.0.0.1:5102 (stop: kill \$(cat .demo/*/pid))"
exec "$bin" sync examples/demo.yaml "$@"
